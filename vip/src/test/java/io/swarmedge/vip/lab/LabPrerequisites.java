package io.swarmedge.vip.lab;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

/** In CI a missing prerequisite fails the build; on a laptop it skips the test. */
final class LabPrerequisites {
    private LabPrerequisites() {}

    static void require(boolean keepalived) {
        require(keepalived ? java.util.List.of("keepalived") : java.util.List.of());
    }

    static void require(java.util.List<String> tools) {
        Optional<String> missing = Lab.missingPrerequisite(tools);
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing.get());
            }
            assumeTrue(false, missing.get());
        }
    }
}
