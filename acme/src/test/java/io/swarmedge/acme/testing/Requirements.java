package io.swarmedge.acme.testing;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;

/** Real components the integration tests need: missing ones fail under CI=true and skip elsewhere. */
public final class Requirements {
    private Requirements() {}

    /** Pebble and its DNS helper, from Debian's {@code pebble} package (scripts/packages/acme.txt). */
    public static void requirePebble() {
        for (String binary : new String[] {"/usr/bin/pebble", "/usr/bin/pebble-challtestsrv", "/usr/bin/openssl"}) {
            if (!Files.isExecutable(Path.of(binary))) {
                missing(binary + " is missing: install Debian's pebble and openssl (scripts/packages/acme.txt)");
            }
        }
    }

    /** Fails under CI, skips elsewhere. */
    public static void missing(String message) {
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        abort(message);
    }
}
