package io.swarmedge.docker;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.Decoded;
import io.swarmedge.config.labels.DefaultRuleTemplate;
import io.swarmedge.config.labels.LabelConstraint;
import io.swarmedge.config.labels.LabelDecoder;
import io.swarmedge.config.labels.ServiceLabels;
import io.swarmedge.config.provider.ConfigUnion;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.staticconfig.Providers;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a {@link SwarmSnapshot} into the provider's dynamic configuration: each exposed service's
 * labels (Traefik's grammar, {@link LabelDecoder}) with servers at the addresses of its routable
 * tasks on the chosen network (tasks on nodes Swarm reports down left out), or at its virtual IP with
 * {@code lbswarm}. A service that wants tasks
 * (replicas above zero, or global) keeps its routers while it has none running, with no servers, so
 * the proxy holds its requests for the task Swarm is starting instead of answering 404. A pure
 * function of the snapshot: the same swarm gives an equal configuration.
 */
public final class SwarmConfigBuilder {
    /** The label Docker puts on the services of a stack: its name, the prefix of its networks. */
    static final String STACK_LABEL = "com.docker.stack.namespace";

    private final String provider;
    private final Providers.SwarmProvider settings;
    private final LabelDecoder decoder;
    private final LabelConstraint constraint;

    /**
     * @param provider the provider's name ({@code swarm}, or {@code docker} in the v2 form)
     * @param settings {@code providers.swarm.*} or {@code providers.docker.*}
     * @throws IllegalArgumentException when the default rule is not a supported template or the
     *     constraints expression does not parse
     */
    public SwarmConfigBuilder(String provider, Providers.SwarmProvider settings) {
        this.provider = provider;
        this.settings = settings;
        this.decoder = new LabelDecoder(settings.labelPrefix(), new DefaultRuleTemplate(settings.defaultRule()));
        try {
            this.constraint = LabelConstraint.parse(settings.constraints());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(settings.keyPrefix() + ".constraints: " + e.getMessage(), e);
        }
    }

    public ProviderSnapshot build(SwarmSnapshot swarm) {
        ConfigUnion union = new ConfigUnion();
        // A node Swarm reports down takes its tasks with it (global ones are never rescheduled, and
        // replicated ones keep "running" until the orchestrator gets to them): route around them now.
        Set<String> downNodes = swarm.nodes().stream()
                .filter(n -> n.state() == SwarmNode.State.DOWN)
                .map(SwarmNode::id)
                .collect(Collectors.toUnmodifiableSet());
        for (SwarmService listed : swarm.services()) {
            SwarmService service = listed.withoutTasksOn(downNodes);
            ServiceLabels labels = decoder.decode(service.name(), service.labels());
            if (!labels.enable().exposed(settings.exposedByDefault()) || !constraint.test(service.labels())) {
                continue;
            }
            String source = "service \"" + service.name() + "\"";
            labels.errors().forEach(union::error);
            List<InetAddress> addresses = new ArrayList<>();
            Optional<String> network = network(service, labels, swarm);
            if (network.isEmpty()) {
                if (!service.routableTasks().isEmpty()) {
                    union.error(new ConfigError(
                            source,
                            0,
                            settings.labelPrefix() + "." + settings.name() + ".network",
                            "its tasks are on several networks and none is chosen: set the label "
                                    + settings.labelPrefix() + "." + settings.name() + ".network or "
                                    + settings.keyPrefix() + ".network"));
                }
            } else if (!labels.lbSwarm()
                    && !service.routableTasks().isEmpty()
                    && service.routableAddresses(network.get()).isEmpty()) {
                // A common mistake: the service is not attached to the network the proxy uses.
                Set<String> on = new TreeSet<>();
                service.routableTasks().forEach(t -> on.addAll(t.addresses().keySet()));
                union.error(new ConfigError(
                        source,
                        0,
                        labels.network().isEmpty()
                                ? "providers.swarm.network"
                                : settings.labelPrefix() + ".swarm.network",
                        "its running tasks are not on network \"" + network.get() + "\" (they are on " + on
                                + "): attach the service to it or choose another network"));
            } else {
                List<String> ips = labels.lbSwarm()
                        ? service.virtualIps().stream()
                                .filter(v -> v.networkName().equals(network.get()))
                                .map(VirtualIp::address)
                                .toList()
                        : service.routableAddresses(network.get());
                for (String ip : ips) {
                    try {
                        addresses.add(InetAddress.ofLiteral(ip));
                    } catch (IllegalArgumentException e) {
                        union.error(new ConfigError(source, 0, "", "task address \"" + ip + "\" is not an IP address"));
                    }
                }
            }
            // A service that wants tasks and has none running (its task is moving) stays, without
            // servers: the proxy holds its requests until one runs.
            boolean awaitingTask =
                    service.routableTasks().isEmpty() && service.mode().wantsTasks();
            if (addresses.isEmpty() && !settings.allowEmptyServices() && !awaitingTask) {
                continue; // scaled to zero, a job, or unreachable: its routers go away (404), as Traefik does
            }
            Decoded withServers = labels.withServers(service.name(), addresses);
            union.add(source, withServers.config());
            withServers.errors().forEach(union::error);
        }
        return new ProviderSnapshot(provider, union.config(), union.errors());
    }

    /**
     * The network to reach the service's tasks on: its label, else the provider's default (either
     * as given or prefixed with the service's stack, as stack networks are named), else the only
     * network its tasks share (the ingress network never counts).
     */
    private Optional<String> network(SwarmService service, ServiceLabels labels, SwarmSnapshot swarm) {
        String wanted = labels.network().isEmpty() ? settings.network() : labels.network();
        Set<String> taskNetworks = new LinkedHashSet<>();
        service.tasks().forEach(t -> taskNetworks.addAll(t.addresses().keySet()));
        swarm.networks().values().stream().filter(SwarmNetwork::ingress).forEach(n -> taskNetworks.remove(n.name()));
        if (!wanted.isEmpty()) {
            String stack = service.labels().getOrDefault(STACK_LABEL, "");
            if (!taskNetworks.contains(wanted) && !stack.isEmpty() && taskNetworks.contains(stack + "_" + wanted)) {
                return Optional.of(stack + "_" + wanted);
            }
            return Optional.of(wanted);
        }
        return taskNetworks.size() == 1 ? Optional.of(taskNetworks.iterator().next()) : Optional.empty();
    }
}
