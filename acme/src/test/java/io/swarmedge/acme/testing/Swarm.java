package io.swarmedge.acme.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The local single-node swarm, through the docker CLI. */
public final class Swarm {
    private Swarm() {}

    /** Fails (CI) or skips unless dockerd answers as a swarm manager. */
    public static void require() {
        String problem;
        try {
            String state = docker("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}")
                    .strip();
            if (state.equals("active true")) {
                return;
            }
            problem = "the engine is not a swarm manager (state: " + state + ")";
        } catch (IOException e) {
            problem = "dockerd does not answer: " + e.getMessage();
        }
        Requirements.missing(problem + ": run scripts/setup.d/50-docker.sh (starts dockerd, initialises a swarm)");
    }

    /** Runs {@code docker args…}, returns stdout; throws when it fails. */
    public static String docker(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command + ": " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command + ": interrupted");
        }
    }

    /** Names of the configs starting with {@code prefix}. */
    public static List<String> configs(String prefix) throws IOException {
        return docker("config", "ls", "--filter", "name=" + prefix, "--format", "{{.Name}}")
                .lines()
                .filter(n -> n.startsWith(prefix))
                .toList();
    }

    /** Removes every config starting with {@code prefix}. */
    public static void removeConfigs(String prefix) throws IOException {
        for (String name : configs(prefix)) {
            docker("config", "rm", name);
        }
    }
}
