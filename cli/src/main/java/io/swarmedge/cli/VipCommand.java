package io.swarmedge.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swarmedge.vip.config.ConfigException;
import io.swarmedge.vip.config.InstanceConfig;
import io.swarmedge.vip.config.KeepalivedConfParser;
import io.swarmedge.vip.config.NativeConfigReader;
import io.swarmedge.vip.config.VipConfig;
import io.swarmedge.vip.daemon.MetricsServer;
import io.swarmedge.vip.daemon.VipDaemon;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarmedge vip}: the VRRP floating-IP daemon, configured by file or by flags. */
@Command(
        name = "vip",
        mixinStandardHelpOptions = true,
        description = {
            "Run the VRRP floating-IP daemon (VRRPv3/v2, keepalived-compatible).",
            "Configure it with --keepalived-conf, --config (YAML) or the instance flags below.",
            "Needs CAP_NET_ADMIN and CAP_NET_RAW (root, or cap_add in a host-network service)."
        })
public final class VipCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(
                names = "--keepalived-conf",
                paramLabel = "FILE",
                description = "A keepalived.conf (vrrp_script, vrrp_instance, global_defs subset).")
        Optional<Path> keepalived;

        @Option(names = "--config", paramLabel = "FILE", description = "swarmedge's vip YAML (instances: [...]).")
        Optional<Path> yaml;
    }

    @Option(names = "--interface", paramLabel = "NAME", description = "Interface to run VRRP on (flag mode).")
    Optional<String> iface;

    @Option(names = "--vrid", paramLabel = "1-255", description = "Virtual router id (flag mode).")
    Optional<Integer> vrid;

    @Option(names = "--vip", paramLabel = "ADDR/PREFIX", description = "Virtual address; repeat for more (flag mode).")
    List<String> vips = new ArrayList<>();

    @Option(
            names = "--name",
            defaultValue = "vip",
            description = "Instance name in logs, metrics and notify (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--priority",
            defaultValue = "100",
            description = "Priority 1-255; 255 = address owner (default: ${DEFAULT-VALUE}).")
    int priority;

    @Option(
            names = "--advert-int",
            paramLabel = "DURATION",
            description = "Advertisement interval, e.g. 100ms, 1s (default: 100ms for v3, 1s for v2).")
    Optional<String> advertInterval;

    @Option(
            names = "--vrrp-version",
            defaultValue = "3",
            description = "VRRP version 2 or 3 (default: ${DEFAULT-VALUE}).")
    int version;

    @Option(names = "--password", description = "VRRPv2 simple password (auth_type PASS).")
    Optional<String> password;

    @Option(names = "--unicast-src", paramLabel = "IP", description = "Source address for unicast advertisements.")
    Optional<String> unicastSource;

    @Option(
            names = "--unicast-peer",
            paramLabel = "IP",
            description = "Send advertisements to this peer instead of multicast; repeat.")
    List<String> unicastPeers = new ArrayList<>();

    @Option(
            names = "--vmac",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "NAME",
            description =
                    "Hold the addresses on a macvlan with the VRRP virtual MAC (keepalived's use_vmac; default name vrrp.VRID).")
    Optional<String> vmac;

    @Option(names = "--nopreempt", description = "Do not take over from a lower-priority master.")
    boolean nopreempt;

    @Option(
            names = "--preempt-delay",
            paramLabel = "DURATION",
            description = "Wait this long before preempting a lower-priority master.")
    Optional<String> preemptDelay;

    @Option(
            names = "--check-docker",
            arity = "0..1",
            fallbackValue = NativeConfigReader.DEFAULT_DOCKER_SOCKET,
            paramLabel = "SOCKET",
            description = "Track the Docker daemon (GET /_ping on its socket).")
    Optional<String> checkDocker;

    @Option(
            names = "--check-proxy",
            arity = "0..1",
            fallbackValue = NativeConfigReader.DEFAULT_PROXY_PING,
            paramLabel = "URL",
            description = "Track the local swarmedge proxy (default ${FALLBACK-VALUE}).")
    Optional<String> checkProxy;

    @Option(names = "--check-url", paramLabel = "URL", description = "Track an HTTP(S) URL answering 2xx; repeat.")
    List<String> checkUrls = new ArrayList<>();

    @Option(names = "--check-script", paramLabel = "COMMAND", description = "Track a program exiting 0; repeat.")
    List<String> checkScripts = new ArrayList<>();

    @Option(
            names = "--check-interval",
            paramLabel = "DURATION",
            description = "Interval of the flag checks (default: 200ms for --check-proxy, whose 503 while draining"
                    + " should move the address at once; 1s for the others).")
    Optional<String> checkInterval = Optional.empty();

    @Option(
            names = "--check-weight",
            defaultValue = "0",
            description =
                    "Weight of the flag checks: 0 = FAULT while failing, <0 = subtract while failing, >0 = add while healthy.")
    int checkWeight;

    @Option(
            names = "--check-fall",
            defaultValue = "2",
            description = "Failures before a flag check counts as failed (default: ${DEFAULT-VALUE}).")
    int checkFall;

    @Option(names = "--notify-master", paramLabel = "COMMAND", description = "Run when becoming master.")
    Optional<String> notifyMaster;

    @Option(names = "--notify-backup", paramLabel = "COMMAND", description = "Run when becoming backup.")
    Optional<String> notifyBackup;

    @Option(names = "--notify-fault", paramLabel = "COMMAND", description = "Run when entering FAULT.")
    Optional<String> notifyFault;

    @Option(
            names = "--metrics",
            paramLabel = "HOST:PORT",
            description = "Serve Prometheus metrics on http://HOST:PORT/metrics.")
    Optional<String> metrics;

    @Option(names = "--check-config", description = "Parse the configuration, print it and exit.")
    boolean checkConfig;

    @Override
    public Integer call() throws Exception {
        VipConfig config;
        try {
            config = load();
        } catch (ConfigException e) {
            System.err.println("swarmedge vip: " + e.getMessage());
            return 2;
        }
        if (checkConfig) {
            for (InstanceConfig i : config.instances()) {
                System.out.println(i);
            }
            return 0;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<MetricsServer> server = Optional.empty();
        if (metrics.isPresent()) {
            String m = metrics.get();
            int colon = m.lastIndexOf(':');
            if (colon < 0) {
                System.err.println("swarmedge vip: --metrics wants HOST:PORT, not \"" + m + "\"");
                return 2;
            }
            String host = m.substring(0, colon).replace("[", "").replace("]", "");
            server = Optional.of(new MetricsServer(
                    new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(m.substring(colon + 1))),
                    registry));
        }
        try (VipDaemon daemon = new VipDaemon(config, registry)) {
            daemon.runUntilShutdown();
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("swarmedge vip: " + e.getMessage());
            return 1;
        } finally {
            server.ifPresent(MetricsServer::close);
        }
    }

    private VipConfig load() throws ConfigException {
        if (source != null && source.keepalived != null && source.keepalived.isPresent()) {
            return KeepalivedConfParser.parse(source.keepalived.get());
        }
        if (source != null && source.yaml != null && source.yaml.isPresent()) {
            return NativeConfigReader.read(source.yaml.get());
        }
        if (iface.isEmpty() || vrid.isEmpty() || vips.isEmpty()) {
            throw new ConfigException("give --keepalived-conf FILE, --config FILE, or --interface, --vrid and --vip");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode i = f.objectNode();
        i.put("name", name);
        i.put("interface", iface.get());
        i.put("vrid", vrid.get());
        i.put("priority", priority);
        i.put("version", version);
        advertInterval.ifPresent(a -> i.put("advertInterval", a));
        password.ifPresent(p -> i.put("password", p));
        ArrayNode addresses = i.putArray("addresses");
        vips.forEach(addresses::add);
        if (!unicastPeers.isEmpty()) {
            ObjectNode u = i.putObject("unicast");
            unicastSource.ifPresent(s -> u.put("source", s));
            ArrayNode peers = u.putArray("peers");
            unicastPeers.forEach(peers::add);
        }
        i.put("preempt", !nopreempt);
        vmac.ifPresent(v -> {
            if (v.isEmpty()) {
                i.put("vmac", true);
            } else {
                i.put("vmac", v);
            }
        });
        preemptDelay.ifPresent(d -> i.put("preemptDelay", d));
        ArrayNode checks = i.putArray("checks");
        checkDocker.ifPresent(s -> check(checks, "docker", "docker").put("socket", s));
        checkProxy.ifPresent(u -> check(checks, "proxy", "proxy").put("url", u));
        for (int n = 0; n < checkUrls.size(); n++) {
            check(checks, "url" + (n + 1), "http").put("url", checkUrls.get(n));
        }
        for (int n = 0; n < checkScripts.size(); n++) {
            check(checks, "script" + (n + 1), "script").put("command", checkScripts.get(n));
        }
        ObjectNode notify = i.putObject("notify");
        notifyMaster.ifPresent(c -> notify.put("master", c));
        notifyBackup.ifPresent(c -> notify.put("backup", c));
        notifyFault.ifPresent(c -> notify.put("fault", c));
        ObjectNode root = f.objectNode();
        root.putArray("instances").add(i);
        return NativeConfigReader.read(root, "flags");
    }

    private ObjectNode check(ArrayNode checks, String checkName, String type) {
        ObjectNode c = checks.addObject();
        c.put("name", checkName);
        c.put("type", type);
        c.put("interval", checkInterval.orElse(type.equals("proxy") ? "200ms" : "1s"));
        c.put("weight", checkWeight);
        c.put("fall", checkFall);
        return c;
    }
}
