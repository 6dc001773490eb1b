package io.swarmedge.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The swarmedge source tree that {@code up} and {@code down} work from: its scripts build the
 * images and its {@code deploy/} directory holds the stack files.
 */
record SwarmedgeHome(Path root) {
    static final String STACK_FILE = "deploy/swarmedge-stack.yml";

    Path stackFile() {
        return root.resolve(STACK_FILE);
    }

    Path dockerSetupScript() {
        return root.resolve("scripts/setup.d/50-docker.sh");
    }

    Path buildImagesScript() {
        return root.resolve("scripts/build-images.sh");
    }

    /**
     * Finds the tree: the given directory, else {@code $SWARMEDGE_HOME}, else the tree the running
     * jar was built in ({@code cli/target/swarmedge.jar}), else the working directory or a parent.
     */
    static SwarmedgeHome locate(Optional<Path> explicit) {
        List<Path> candidates = new ArrayList<>();
        explicit.ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("SWARMEDGE_HOME")).map(Path::of).ifPresent(candidates::add);
        jarLocation().ifPresent(jar -> addWithParents(candidates, jar.getParent()));
        addWithParents(candidates, Path.of("").toAbsolutePath());
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve(STACK_FILE))) {
                return new SwarmedgeHome(candidate.toAbsolutePath().normalize());
            }
            if (explicit.isPresent() && candidate.equals(explicit.get())) {
                throw new IllegalArgumentException("--home " + candidate + ": no " + STACK_FILE
                        + " there (point it at the swarmedge source tree)");
            }
        }
        throw new IllegalArgumentException("cannot find the swarmedge source tree (" + STACK_FILE
                + "): run from inside it, or pass --home DIR or set SWARMEDGE_HOME");
    }

    private static void addWithParents(List<Path> candidates, Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            candidates.add(p);
        }
    }

    private static Optional<Path> jarLocation() {
        try {
            var source = SwarmedgeHome.class.getProtectionDomain().getCodeSource();
            return source == null
                    ? Optional.empty()
                    : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
