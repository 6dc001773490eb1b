package io.swarmedge.vip.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The user's keepalived.conf, byte for byte as shipped, with only its placeholders filled. */
class SeedConfigTest {
    static String seed() throws Exception {
        try (var in =
                Objects.requireNonNull(SeedConfigTest.class.getResourceAsStream("/keepalived/seed-keepalived.conf"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Fills the seed's placeholders the way a user would. */
    public static String filled(String seed, String iface, int vrid, String password, String vip) {
        return seed.replace("INTERFACE_GOES HERE", iface)
                .replace("ID_GOES_HERE", Integer.toString(vrid))
                .replace("PASS_GOES_HERE", password)
                .replace("IP_GOES_HERE/MASK", vip);
    }

    @Test
    void theFilledSeedIsAccepted() throws Exception {
        VipConfig config = KeepalivedConfParser.parse(filled(seed(), "eth0", 51, "s3cret", "10.0.0.100/24"), "seed");
        assertThat(KeepalivedConfParserTest.summary(config))
                .isEqualTo(
                        "SWARM if=eth0 vrid=51 v2 prio=100 advert=100cs addrs=[10.0.0.100/24] pass=s3cret preempt=true"
                                + " checks=[chk_docker:script[pidof, dockerd]/1s/w20, chk_traefik:script[pidof, traefik]/30s/w10]"
                                + " checksum=PSEUDO_HEADER");
    }

    @Test
    void theUnfilledSeedNamesThePlaceholderLine() throws Exception {
        assertThatThrownBy(() -> KeepalivedConfParser.parse(seed(), "keepalived.conf"))
                .hasMessage("keepalived.conf:15: interface: unexpected \"HERE\" after the value");
    }
}
