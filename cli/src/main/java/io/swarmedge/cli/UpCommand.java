package io.swarmedge.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swarmedge up}: prepares Docker and a single-node swarm, builds the image on this machine,
 * creates the {@code web-servers} network and deploys {@code deploy/swarmedge-stack.yml}, then
 * waits until the demo answers through the proxy.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Build the image if needed and deploy swarmedge with a demo service on the local swarm.")
public final class UpCommand implements Callable<Integer> {
    /** Label on the networks {@code up} creates, so that {@code down} removes only those. */
    static final String CREATED_BY_LABEL = "io.swarmedge.created-by";

    static final String CREATED_BY_VALUE = "swarmedge-up";
    static final String NETWORK = "web-servers";
    private static final Duration QUICK = Duration.ofSeconds(30);

    @Option(
            names = "--home",
            description = "The swarmedge source tree (default: found from the jar or the working directory).")
    Path home;

    @Option(names = "--stack-name", defaultValue = "swarmedge", description = "Stack name (default: ${DEFAULT-VALUE}).")
    String stackName;

    @Option(
            names = "--timeout",
            defaultValue = "180",
            description = "Seconds to wait for the demo to answer through the proxy (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--no-build", description = "Use the existing swarmedge image; do not run scripts/build-images.sh.")
    boolean noBuild;

    @Option(
            names = "--skip-setup",
            description = "Do not run scripts/setup.d/50-docker.sh (Docker and the swarm are ready).")
    boolean skipSetup;

    @Option(
            names = "--port",
            defaultValue = "80",
            description = "The proxy's published HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--demo-host",
            defaultValue = "whoami.localhost",
            description = "Host name of the demo route (default: ${DEFAULT-VALUE}).")
    String demoHost;

    @Override
    public Integer call() {
        try {
            return up();
        } catch (IllegalArgumentException | IllegalStateException | DockerCli.CommandFailedException e) {
            System.err.println("swarmedge up: " + e.getMessage());
            return 1;
        }
    }

    private int up() {
        SwarmedgeHome tree = SwarmedgeHome.locate(Optional.ofNullable(home));
        String image = "swarmedge:" + imageTag();
        DockerCli cli = new DockerCli(Map.of("SWARMEDGE_IMAGE", image, "SWARMEDGE_IMAGE_TAG", imageTag()));

        step(1, "Docker engine and swarm");
        if (!skipSetup) {
            run(cli, List.of("bash", tree.dockerSetupScript().toString()), tree, Duration.ofMinutes(10));
        }

        step(2, "image " + image);
        Optional<String> before = imageId(cli, image);
        if (!noBuild) {
            run(cli, List.of("bash", tree.buildImagesScript().toString(), "--quiet"), tree, Duration.ofMinutes(30));
        }
        String after = imageId(cli, image)
                .orElseThrow(() -> new IllegalStateException(
                        "image " + image + " is missing: build it with scripts/build-images.sh (or drop --no-build)"));

        step(3, "overlay network " + NETWORK);
        ensureNetwork(cli);

        step(4, "stack " + stackName + " from " + SwarmedgeHome.STACK_FILE);
        boolean redeploy = !StackStatus.read(cli, stackName).replicas().isEmpty();
        check(cli.docker(
                Duration.ofMinutes(2),
                "stack",
                "deploy",
                "--resolve-image",
                "never",
                "-c",
                tree.stackFile().toString(),
                stackName));
        if (redeploy && before.isPresent() && !before.get().equals(after)) {
            // Same tag, new image: Swarm sees an unchanged spec, so roll the services by hand.
            for (String service : StackStatus.read(cli, stackName).replicas().keySet()) {
                say("rolling " + stackName + "_" + service + " onto the new image");
                check(cli.docker(
                        Duration.ofMinutes(2), "service", "update", "--detach", "--force", stackName + "_" + service));
            }
        }

        step(5, "waiting for the demo through the proxy (up to " + timeoutSeconds + " s)");
        return waitForDemo(cli);
    }

    private int waitForDemo(DockerCli cli) {
        String curl = "curl -H 'Host: " + demoHost + "' http://127.0.0.1" + (port == 80 ? "" : ":" + port) + "/";
        DemoProbe probe = new DemoProbe(new InetSocketAddress("127.0.0.1", port), demoHost, Duration.ofSeconds(2));
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        String lastLine = "";
        Instant lastPrinted = Instant.EPOCH;
        StackStatus status = StackStatus.read(cli, stackName);
        DemoProbe.Outcome outcome = probe.probe();
        while (true) {
            if (outcome instanceof DemoProbe.Outcome.Answered(int code) && code >= 200 && code < 400) {
                System.out.println();
                System.out.println("swarmedge is up: " + status.summary());
                System.out.println("Try it:  " + curl);
                System.out.println("Remove it with: swarmedge down");
                return 0;
            }
            String line = "  services: " + status.summary() + "; demo: " + describe(outcome);
            // Crash-looping tasks flap between states: say what changed, at most every 5 s.
            if (!line.equals(lastLine) && Instant.now().isAfter(lastPrinted.plusSeconds(5))) {
                System.out.println(line);
                lastLine = line;
                lastPrinted = Instant.now();
            }
            if (Instant.now().isAfter(deadline)) {
                timedOut(status, outcome, curl);
                return 1;
            }
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            status = StackStatus.read(cli, stackName);
            outcome = probe.probe();
        }
    }

    private String describe(DemoProbe.Outcome outcome) {
        return switch (outcome) {
            case DemoProbe.Outcome.NoAnswer(String reason) -> "no answer on 127.0.0.1:" + port + " (" + reason + ")";
            case DemoProbe.Outcome.Answered(int code)
            when code == 404 -> "the proxy answers 404: no route for " + demoHost + " yet";
            case DemoProbe.Outcome.Answered(int code) -> "the proxy answers " + code;
        };
    }

    private void timedOut(StackStatus status, DemoProbe.Outcome outcome, String curl) {
        System.err.println();
        System.err.println("swarmedge up: the demo did not answer through the proxy within " + timeoutSeconds + " s.");
        System.err.println("  services: " + status.summary());
        System.err.println("  demo:     " + describe(outcome));
        if (!status.allRunning()) {
            System.err.println("  Some tasks are not running: docker stack ps " + stackName + " --no-trunc");
            System.err.println(
                    "  and their logs: docker service logs " + stackName + "_proxy  (or _socket-proxy, _whoami)");
        } else {
            System.err.println("  Every task runs, but the proxy does not route the demo yet: check that it reads the");
            System.err.println("  swarm through the socket proxy: docker service logs " + stackName + "_proxy");
        }
        System.err.println(
                "  The stack stays deployed: try again with  " + curl + "  or remove it with  swarmedge down");
    }

    private void ensureNetwork(DockerCli cli) {
        var inspect = cli.docker(QUICK, "network", "inspect", "--format", "{{.Driver}} {{.Attachable}}", NETWORK);
        if (inspect.ok()) {
            String[] f = inspect.stdout().strip().split(" ");
            if (!f[0].equals("overlay")) {
                throw new IllegalStateException("network " + NETWORK + " exists with driver " + f[0]
                        + ", not overlay: remove it (docker network rm " + NETWORK + ") and run up again");
            }
            say(NETWORK + " exists"
                    + (f.length > 1 && f[1].equals("true") ? "" : " (not attachable: fine for services)"));
            return;
        }
        check(cli.docker(
                QUICK,
                "network",
                "create",
                "--driver",
                "overlay",
                "--attachable",
                "--label",
                CREATED_BY_LABEL + "=" + CREATED_BY_VALUE,
                NETWORK));
        say("created " + NETWORK + " (overlay, attachable)");
    }

    private static Optional<String> imageId(DockerCli cli, String image) {
        var inspect = cli.docker(QUICK, "image", "inspect", "--format", "{{.Id}}", image);
        return inspect.ok() ? Optional.of(inspect.stdout().strip()) : Optional.empty();
    }

    private static void run(DockerCli cli, List<String> command, SwarmedgeHome tree, Duration timeout) {
        int code = cli.stream(command, tree.root(), timeout);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + code + ")");
        }
    }

    private static DockerCli.Result check(DockerCli.Result result) {
        if (!result.ok()) {
            throw new IllegalStateException(result.failure());
        }
        return result;
    }

    static String imageTag() {
        String version = UpCommand.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static void step(int n, String what) {
        System.out.println("swarmedge up: [" + n + "/5] " + what);
    }

    private static void say(String what) {
        System.out.println("  " + what);
    }
}
