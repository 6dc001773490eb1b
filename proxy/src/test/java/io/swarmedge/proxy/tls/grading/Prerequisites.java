package io.swarmedge.proxy.tls.grading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Debian tools the grading tests run. Missing ones fail the test under {@code CI=true} (CI installs
 * {@code scripts/packages/tls.txt}) and skip it elsewhere.
 */
final class Prerequisites {
    private Prerequisites() {}

    /** The path of {@code command}, from {@code debianPackage}, or the test fails/skips saying so. */
    static Path require(String command, String debianPackage) {
        Optional<Path> found = onPath(command);
        if (found.isEmpty()) {
            String message = "`" + command + "` is not installed (Debian package " + debianPackage
                    + ", listed in scripts/packages/tls.txt; scripts/setup-machine.sh installs it)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return found.orElseThrow();
    }

    static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        // Debian installs nginx and haproxy under sbin, which a non-root PATH may lack.
        List<String> dirs = new java.util.ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
