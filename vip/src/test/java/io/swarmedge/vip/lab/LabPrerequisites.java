package io.swarmedge.vip.lab;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

/** In CI a missing prerequisite fails the build; on a laptop it skips the test. */
final class LabPrerequisites {
    private LabPrerequisites() {}

    static void require(boolean keepalived) {
        Optional<String> missing = Lab.missingPrerequisite(keepalived);
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing.get());
            }
            assumeTrue(false, missing.get());
        }
    }
}
