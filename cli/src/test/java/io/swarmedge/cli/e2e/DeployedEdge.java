package io.swarmedge.cli.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Deploys a test class's own {@link EdgeStack}, {@code e2etest-<id>-<suffix>}, before its tests and
 * removes it after them: {@code @RegisterExtension static final DeployedEdge EDGE = new
 * DeployedEdge("hold");}, then {@code EDGE.stack()} in the tests.
 */
final class DeployedEdge implements BeforeAllCallback, AfterAllCallback {
    private final String suffix;
    private volatile EdgeStack stack;

    DeployedEdge(String suffix) {
        this.suffix = suffix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = EdgeStack.deploy(E2eDocker.RUN + suffix);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
        }
    }

    /** The deployed edge. */
    EdgeStack stack() {
        EdgeStack deployed = stack;
        if (deployed == null) {
            throw new IllegalStateException("the edge " + suffix + " is deployed before the class's tests only");
        }
        return deployed;
    }
}
