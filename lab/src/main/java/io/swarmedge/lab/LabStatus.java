package io.swarmedge.lab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * What {@code lab.sh status --json} says.
 *
 * @param up whether the lab's containers exist
 * @param vip the floating IP
 * @param vipHolders the nodes that have the VIP on their interface (one when healthy)
 * @param arrangement {@code swarmedge} or {@code keepalived}
 * @param readyManagers swarm managers that are Ready and reachable
 * @param nodes the three nodes
 * @param services the lab's swarm services
 * @param vipRoutesDemo whether the demo answers 200 through the VIP
 * @param healthy every service runs, every node's proxy routes the demo, the VIP answers
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabStatus(
        boolean up,
        String vip,
        List<String> vipHolders,
        String arrangement,
        int readyManagers,
        List<Node> nodes,
        List<Service> services,
        boolean vipRoutesDemo,
        boolean healthy) {
    public LabStatus {
        vip = vip == null ? "" : vip;
        arrangement = arrangement == null ? "" : arrangement;
        vipHolders = vipHolders == null ? List.of() : List.copyOf(vipHolders);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        services = services == null ? List.of() : List.copyOf(services);
    }

    /**
     * One node container.
     *
     * @param name container (and host) name
     * @param ip its address on the lab network
     * @param container the container's state ({@code running}, {@code exited}, ...)
     * @param proxyPing whether its proxy answers {@code /ping} on :8080
     * @param proxyRoutesDemo whether its proxy answers 200 for the demo host on :80
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(String name, String ip, String container, boolean proxyPing, boolean proxyRoutesDemo) {}

    /**
     * One swarm service.
     *
     * @param name {@code stack_service}
     * @param desired tasks wanted
     * @param running tasks running
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Service(String name, int desired, int running) {
        public boolean allRunning() {
            return desired > 0 && desired == running;
        }
    }

    /** The service called {@code name} ({@code swarmedge_whoami}, ...). */
    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
