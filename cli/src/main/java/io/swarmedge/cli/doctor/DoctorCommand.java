package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.docker.DockerApi;
import io.swarmedge.docker.DockerApiException;
import io.swarmedge.docker.DockerEndpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swarmedge doctor}: reads a live swarm once through the Docker API and says what is wrong
 * with it as an edge, in plain words with the fix for each problem.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check a live swarm as an edge: managers and quorum, node availability, the "
                    + "web-servers network (and its encryption), the socket proxy's isolation, one healthy "
                    + "proxy per node, the VIP's holder, certificate expiry, volumes mounted and writable, "
                    + "Docker versions. Every line is OK, WARN or FAIL, with the fix.",
            "",
            "Exit status: 0 when nothing failed (and, with --strict, nothing warned), 1 when "
                    + "something did, 2 when the Docker API cannot be reached or the engine is not a swarm "
                    + "manager.",
            ""
        })
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-H", "--host"},
            paramLabel = "ENDPOINT",
            description = "Docker API of a manager: unix:///var/run/docker.sock or tcp://host:2375"
                    + " (default: $DOCKER_HOST, else the local socket).")
    Optional<String> host;

    @Option(
            names = "--network",
            defaultValue = "web-servers",
            description = "The overlay network the proxy routes on (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            description = "Look only at this stack's services; repeat for more (default: every service).")
    List<String> stacks = new ArrayList<>();

    @Option(
            names = "--vip",
            paramLabel = "ADDRESS",
            description = "The floating address; repeat for more (default: from the vip service's configuration).")
    List<String> vips = new ArrayList<>();

    @Option(
            names = "--acme-storage",
            paramLabel = "PATH",
            description = "A directory certificate store or a Traefik acme.json to read certificates from.")
    Optional<Path> acmeStorage;

    @Option(
            names = "--acme-key",
            paramLabel = "FILE",
            description = "The Swarm config store's key (the swarmedge-acme-key secret), to read its certificates.")
    Optional<Path> acmeKey;

    @Option(
            names = "--acme-prefix",
            defaultValue = "swarmedge-acme-",
            description = "Name prefix of the Swarm config store (default: ${DEFAULT-VALUE}).")
    String acmePrefix;

    @Option(
            names = "--no-write-test",
            description = "Do not create a test file in volumes (by docker exec in the task's container).")
    boolean noWriteTest;

    @Option(
            names = "--probe-volumes",
            description = "Test every running task's named volumes by a short-lived task on its node (a one-shot"
                    + " service from the task's image and user, with the same mount), instead of only this node's.")
    boolean probeVolumes;

    @Option(names = "--strict", description = "Exit 1 on warnings too.")
    boolean strict;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Option(
            names = "--timeout",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "Limit for each Docker API call and vip metrics request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DockerEndpoint endpoint;
        try {
            endpoint = DockerEndpoint.parse(host.orElseGet(DoctorCommand::defaultHost));
            if (timeoutSeconds < 1 || timeoutSeconds > 300) {
                throw new IllegalArgumentException("--timeout: 1 to 300 seconds, not " + timeoutSeconds);
            }
        } catch (IllegalArgumentException e) {
            err.println("swarmedge doctor: " + e.getMessage());
            return 2;
        }
        DoctorScope scope = new DoctorScope(network, stacks, vips);
        Clock clock = Clock.systemUTC();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try (DockerApi api = DockerApi.connect(endpoint, timeout)) {
            ClusterReader reader = new ClusterReader(
                    api,
                    scope,
                    new CertificateReader(new CertificateReader.Sources(acmePrefix, acmeKey, acmeStorage), clock),
                    new VolumeProber(
                            !noWriteTest,
                            probeVolumes ? Optional.of(new ProbeTasks(Duration.ofSeconds(30))) : Optional.empty()),
                    timeout,
                    clock);
            Examination examination = Examination.of(reader.read());
            out.print(json ? JsonReport.render(examination, strict) : TextReport.render(examination));
            out.flush();
            return examination.exitCode(strict);
        } catch (ClusterReader.NotAManagerException e) {
            boolean inSwarm = "active".equals(e.engine().swarmState());
            String fix = inSwarm
                    ? "run doctor against a manager: --host tcp://<manager>:2375, or on a manager (docker node ls)"
                    : "docker swarm init (or docker swarm join … to join an existing swarm)";
            return unusable(out, err, endpoint, e.getMessage(), fix, inSwarm ? 2 : 1);
        } catch (DockerApiException e) {
            if (e.status().isPresent()) {
                return unusable(
                        out,
                        err,
                        endpoint,
                        "the Docker API refused a read: " + e.getMessage(),
                        "doctor reads /version, /info, /nodes, /services, /tasks, /networks and /configs: give it a"
                                + " manager's own socket, or a socket proxy that allows them",
                        2);
            }
            return unusable(
                    out,
                    err,
                    endpoint,
                    "the Docker API cannot be reached: " + e.getMessage(),
                    "is dockerd running and is " + endpoint + " its address? (systemctl status docker;"
                            + " a tcp endpoint needs the engine or a socket proxy listening there)",
                    2);
        }
    }

    private int unusable(PrintWriter out, PrintWriter err, DockerEndpoint endpoint, String why, String fix, int code) {
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("endpoint", endpoint.toString());
            root.put("status", "FAIL");
            root.put("exitCode", code);
            root.put("error", why);
            root.put("fix", fix);
            out.println(root.toPrettyString());
            out.flush();
        } else {
            err.println("swarmedge doctor: " + why);
            err.println("  fix: " + fix);
            err.flush();
        }
        return code;
    }

    private static String defaultHost() {
        String docker = System.getenv("DOCKER_HOST");
        return docker == null || docker.isBlank() ? DockerEndpoint.LOCAL_SOCKET.toString() : docker;
    }
}
