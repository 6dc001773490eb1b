package io.swarmedge.cli;

import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swarmedge demo}: the proxy in front of two whoami backends from the sample file
 * configuration, in one process and without Docker. Edits to the sample file apply live.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the proxy on :8000 in front of two whoami backends (127.0.0.1:8081 and :8082), "
                    + "configured by examples/file-provider/dynamic.yml (edit it: changes apply live). "
                    + "Needs no Docker; for the Swarm version run 'swarmedge up'.",
            ""
        })
public final class DemoCommand implements Callable<Integer> {
    static final String SAMPLE = "examples/file-provider/dynamic.yml";

    @Option(names = "--port", defaultValue = "8000", description = "Proxy port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--backend-ports",
            split = ",",
            defaultValue = "8081,8082",
            description = "whoami ports; the sample file routes to these (default ${DEFAULT-VALUE}).")
    List<Integer> backendPorts;

    @Option(names = "--config", paramLabel = "FILE", description = "Dynamic configuration (default: " + SAMPLE + ").")
    Path config;

    @Override
    public Integer call() throws Exception {
        Path dynamic = config != null ? config : sampleFile();
        List<WhoamiServer> backends = new ArrayList<>();
        for (int i = 0; i < backendPorts.size(); i++) {
            backends.add(WhoamiServer.start(WhoamiOptions.onPort(backendPorts.get(i))
                    .withBindAddress("127.0.0.1")
                    .withName("whoami-" + (i + 1))));
        }
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().unstarted(() -> backends.forEach(WhoamiServer::close)));
        System.out.printf(
                "%nswarmedge demo: proxy on :%d, whoami on %s, configuration %s%n"
                        + "  try:  curl -H 'Host: whoami.localhost' http://127.0.0.1:%d/%n"
                        + "        curl http://127.0.0.1:%d/api/hello%n"
                        + "        curl http://127.0.0.1:8080/ping%n"
                        + "  stop: Ctrl-C (graceful)%n%n",
                port, backendPorts, dynamic, port, port);
        return new CommandLine(new ProxyCommand())
                .execute(
                        "--entrypoints.web.address=:" + port,
                        "--providers.file.filename=" + dynamic,
                        "--ping=true",
                        "--metrics.prometheus=true",
                        "--accesslog=true");
    }

    /** The sample in the source tree (so edits apply live), else the copy inside the jar. */
    private static Path sampleFile() throws IOException {
        Optional<Path> inTree = treeSample();
        if (inTree.isPresent()) {
            return inTree.get();
        }
        Path dir = Files.createTempDirectory("swarmedge-demo");
        Path file = dir.resolve("dynamic.yml");
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/dynamic.yml")) {
            if (in == null) {
                throw new IOException("the sample configuration is missing from this build");
            }
            Files.copy(in, file);
        }
        return file;
    }

    private static Optional<Path> treeSample() {
        try {
            return Optional.of(SwarmedgeHome.locate(Optional.empty()).root().resolve(SAMPLE))
                    .filter(Files::isRegularFile);
        } catch (IllegalArgumentException notInTree) {
            return Optional.empty();
        }
    }
}
