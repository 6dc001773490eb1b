package io.swarmedge.socketproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.socketproxy.http.ApiPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The canonical form of accepted targets, from {@code canonical-targets.txt}. */
class ApiPathTest {
    record Case(String target, String forwarded, String path) {
        @Override
        public String toString() {
            return target;
        }
    }

    static Stream<Case> cases() throws IOException {
        try (InputStream in = ApiPathTest.class.getResourceAsStream("/canonical-targets.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> !l.isBlank() && !l.startsWith("#"))
                            .map(l -> {
                                String[] arrow = l.split(" -> ", 2);
                                String[] bar = arrow[1].split("\\|", 2);
                                return new Case(arrow[0].strip(), bar[0].strip(), bar[1].strip());
                            })
                            .toList()
                            .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void targetIsForwardedCanonically(Case c) throws Exception {
        ApiPath path = ApiPath.parse(c.target());
        assertThat(path.toTarget()).isEqualTo(c.forwarded());
        assertThat(path.path()).isEqualTo(c.path());
        // Canonical is a fixed point: parsing what we forward gives the same thing.
        assertThat(ApiPath.parse(path.toTarget())).isEqualTo(path);
    }
}
