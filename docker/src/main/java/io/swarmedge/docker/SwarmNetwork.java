package io.swarmedge.docker;

import java.util.Map;
import java.util.Objects;

/**
 * A network as the engine lists it.
 *
 * @param id the network ID
 * @param name the network name
 * @param driver {@code overlay}, {@code bridge}, …
 * @param scope {@code swarm} or {@code local}
 * @param internal whether it has no route to the outside
 * @param attachable whether standalone containers may join it
 * @param ingress whether it is Swarm's routing-mesh network
 * @param labels the network's labels
 */
public record SwarmNetwork(
        String id,
        String name,
        String driver,
        String scope,
        boolean internal,
        boolean attachable,
        boolean ingress,
        Map<String, String> labels) {

    public SwarmNetwork {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(scope, "scope");
        labels = Map.copyOf(labels);
    }
}
