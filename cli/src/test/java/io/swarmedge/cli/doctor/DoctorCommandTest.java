package io.swarmedge.cli.doctor;

import static io.swarmedge.cli.doctor.DoctorRun.doctor;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableEngineExitsTwoWithAClearMessage() throws Exception {
        int port = closedPort();

        DoctorRun run = doctor("--host", "tcp://127.0.0.1:" + port, "--timeout", "2");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .startsWith(
                        "swarmedge doctor: the Docker API cannot be reached: GET tcp://127.0.0.1:" + port + "/version")
                .contains("fix: is dockerd running and is tcp://127.0.0.1:" + port + " its address?");
    }

    @Test
    void theJsonFormSaysTheSameToMachines() throws Exception {
        DoctorRun run = doctor("--host", "tcp://127.0.0.1:" + closedPort(), "--timeout", "2", "--json");

        assertThat(run.code()).isEqualTo(2);
        var json = Snapshots.JSON.readTree(run.out());
        assertThat(json.path("exitCode").asInt()).isEqualTo(2);
        assertThat(json.path("error").asText()).startsWith("the Docker API cannot be reached");
    }

    @Test
    void aBadEndpointNamesTheOption() {
        DoctorRun run = doctor("--host", "ftp://example");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("Docker endpoint ftp://example: use unix:///path/docker.sock or tcp://host:port");
    }

    /** An engine on loopback that answers /version and /info as told, anything else 403. */
    private static com.sun.net.httpserver.HttpServer engine(String swarmState, boolean manager) throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body;
            int status = 200;
            if (path.equals("/version")) {
                body = "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}";
            } else if (path.equals("/info")) {
                body = "{\"Swarm\":{\"NodeID\":\"n1\",\"LocalNodeState\":\"" + swarmState + "\",\"ControlAvailable\":"
                        + manager + "}}";
            } else {
                status = 403;
                body = "{\"message\":\"socket proxy: " + path + " is not allowed\"}";
            }
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    @Test
    void anEngineOutsideASwarmIsAFailureWithItsFix() throws Exception {
        var server = engine("inactive", false);
        try {
            DoctorRun run =
                    doctor("--host", "tcp://127.0.0.1:" + server.getAddress().getPort());

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("is not in an active swarm (state inactive)", "fix: docker swarm init");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWorkerCannotSpeakForTheSwarm() throws Exception {
        var server = engine("active", false);
        try {
            DoctorRun run =
                    doctor("--host", "tcp://127.0.0.1:" + server.getAddress().getPort());

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err())
                    .contains("a swarm worker: only managers know the whole swarm", "run doctor against a manager");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedReadIsNamedAsSuch() throws Exception {
        var server = engine("active", true);
        try {
            DoctorRun run =
                    doctor("--host", "tcp://127.0.0.1:" + server.getAddress().getPort());

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err())
                    .contains("the Docker API refused a read: GET tcp://127.0.0.1:"
                            + server.getAddress().getPort()
                            + "/services: HTTP 403 socket proxy: /services is not allowed");
        } finally {
            server.stop(0);
        }
    }
}
