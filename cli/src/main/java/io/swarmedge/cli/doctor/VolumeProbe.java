package io.swarmedge.cli.doctor;

/**
 * What the doctor found about one volume mount of one running task, on the task's node.
 *
 * @param taskId the task
 * @param target the mount's path in the container
 * @param outcome what was found
 * @param detail how it was found, or why it could not be
 */
public record VolumeProbe(String taskId, String target, Outcome outcome, String detail) {
    /** The result of looking at a mount. */
    public enum Outcome {
        /** Mounted, and a file could be created and removed in it. */
        WRITABLE,
        /** Mounted read-only by the service's definition: nothing to write. */
        READ_ONLY,
        /** Mounted, but creating a file failed. */
        NOT_WRITABLE,
        /** The task's container has no such mount, or the volume is missing on the node. */
        NOT_MOUNTED,
        /** Could not be looked at (another node, no shell in the image, write test turned off). */
        NOT_CHECKED
    }
}
