package io.swarmedge.docker;

import java.util.Objects;

/**
 * One Docker event that may change what the provider routes to.
 *
 * @param type {@code service}, {@code node}, {@code network}, {@code config}, …
 * @param action {@code create}, {@code update}, {@code remove}, {@code connect}, …
 * @param actorId the ID of the object the event is about
 * @param actorName its name ("" when the event does not carry one)
 */
public record SwarmEvent(String type, String action, String actorId, String actorName) {
    public SwarmEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(actorName, "actorName");
    }
}
