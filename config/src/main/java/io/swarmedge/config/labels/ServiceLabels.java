package io.swarmedge.config.labels;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.Decoded;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.HttpConfig;
import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Server;
import io.swarmedge.config.dynamic.Service;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Swarm service's labels say, before the provider adds task addresses.
 *
 * @param enable the {@code traefik.enable} label
 * @param network {@code traefik.swarm.network} / {@code traefik.docker.network}, {@code ""} when absent
 * @param lbSwarm route to the service's virtual IP instead of its tasks ({@code traefik.swarm.lbswarm})
 * @param partial routers, middlewares and services (load balancers without servers), names not yet
 *     qualified with the provider; Traefik's defaults applied (a router named after the service with
 *     the default rule, a service named after the service, a router's only service)
 * @param serverTemplates per load-balancer service name: how to build its servers from tasks
 * @param errors one per label problem; the object concerned is left out of {@code partial}
 */
public record ServiceLabels(
        Enable enable,
        String network,
        boolean lbSwarm,
        DynamicConfig partial,
        Map<String, ServerTemplate> serverTemplates,
        List<ConfigError> errors) {
    public ServiceLabels {
        serverTemplates = Map.copyOf(serverTemplates);
        errors = List.copyOf(errors);
    }

    /**
     * The partial configuration with servers: each load balancer with a server template gets one
     * server per address ({@code scheme://address:port}). A load balancer whose port is unknown is
     * left out with an error, as Swarm cannot detect ports.
     *
     * @param serviceName the Swarm service's name, for error messages
     * @param addresses the running tasks' addresses on the chosen network (or the service's virtual
     *     IP with {@code lbSwarm})
     */
    public Decoded withServers(String serviceName, List<InetAddress> addresses) {
        Map<String, Service> services = new LinkedHashMap<>();
        List<ConfigError> out = new ArrayList<>();
        for (var e : partial.http().services().entrySet()) {
            ServerTemplate template = serverTemplates.get(e.getKey());
            if (!(e.getValue() instanceof LoadBalancerService lb) || template == null) {
                services.put(e.getKey(), e.getValue());
                continue;
            }
            if (template.port() == 0) {
                out.add(new ConfigError(
                        "service \"" + serviceName + "\"",
                        0,
                        "",
                        "service \"" + e.getKey() + "\" needs a label traefik.http.services." + e.getKey()
                                + ".loadbalancer.server.port (Swarm cannot detect the port); it is left out"));
                continue;
            }
            List<Server> servers = new ArrayList<>(lb.servers());
            for (InetAddress address : addresses) {
                String host = address instanceof Inet6Address
                        ? "[" + compressed(address.getHostAddress()) + "]"
                        : address.getHostAddress();
                servers.add(new Server(
                        URI.create(template.scheme() + "://" + host + ":" + template.port()),
                        template.weight(),
                        false));
            }
            services.put(
                    e.getKey(),
                    new LoadBalancerService(
                            servers,
                            lb.strategy(),
                            lb.passHostHeader(),
                            lb.healthCheck(),
                            lb.sticky(),
                            lb.flushInterval(),
                            lb.serversTransport()));
        }
        HttpConfig http = partial.http();
        return new Decoded(
                new DynamicConfig(
                        new HttpConfig(http.routers(), services, http.middlewares(), http.serversTransports()),
                        partial.tls()),
                out);
    }

    /** RFC 5952 text of an IPv6 address as Java prints it ({@code fd00:0:0:0:0:0:0:7} → {@code fd00::7}). */
    private static String compressed(String full) {
        int scope = full.indexOf('%');
        String[] groups = (scope >= 0 ? full.substring(0, scope) : full).split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
