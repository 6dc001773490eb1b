package io.swarmedge.cli.doctor;

/**
 * A port a service publishes.
 *
 * @param mode {@code ingress} (routing mesh, every node) or {@code host} (nodes running a task)
 */
public record PublishedPort(int target, int published, String protocol, String mode) {
    @Override
    public String toString() {
        return published + "->" + target + "/" + protocol + " (" + mode + ")";
    }
}
