package io.swarmedge.config.provider;

import io.swarmedge.config.dynamic.CertificateSource;
import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.HttpConfig;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.ServersTransport;
import io.swarmedge.config.dynamic.Service;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.config.dynamic.TlsOptions;
import io.swarmedge.config.dynamic.TlsStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unites the configurations of several sources of one provider (the files of a directory, the
 * services of a swarm) in order: an object defined twice with different definitions keeps its first
 * definition and the second is reported; identical definitions are not an error (replicas of one
 * source).
 */
public final class ConfigUnion {
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Middleware> middlewares = new LinkedHashMap<>();
    private final Map<String, ServersTransport> transports = new LinkedHashMap<>();
    private final Map<String, TlsOptions> options = new LinkedHashMap<>();
    private final Map<String, TlsStore> stores = new LinkedHashMap<>();
    private final List<CertificateSource> certificates = new ArrayList<>();
    private final Map<String, String> definedIn = new LinkedHashMap<>();
    private final List<ConfigError> errors = new ArrayList<>();

    /** Adds a source's objects; {@code source} names it in errors (a file, {@code service "wp"}). */
    public void add(String source, DynamicConfig config) {
        put("router", source, config.http().routers(), routers);
        put("service", source, config.http().services(), services);
        put("middleware", source, config.http().middlewares(), middlewares);
        put("serversTransport", source, config.http().serversTransports(), transports);
        put("TLS options", source, config.tls().options(), options);
        put("TLS store", source, config.tls().stores(), stores);
        certificates.addAll(config.tls().certificates());
    }

    /** Records an error of a source, to be reported with the union's. */
    public void error(ConfigError error) {
        errors.add(error);
    }

    /** Everything added so far. */
    public DynamicConfig config() {
        return new DynamicConfig(
                new HttpConfig(routers, services, middlewares, transports),
                new TlsConfig(options, certificates, stores));
    }

    /** The recorded errors and the conflicts found, in order. */
    public List<ConfigError> errors() {
        return List.copyOf(errors);
    }

    private <T> void put(String kind, String source, Map<String, T> from, Map<String, T> into) {
        for (var e : from.entrySet()) {
            String id = kind + "\u0000" + e.getKey();
            String first = definedIn.putIfAbsent(id, source);
            if (first == null) {
                into.put(e.getKey(), e.getValue());
            } else if (!e.getValue().equals(into.get(e.getKey()))) {
                errors.add(new ConfigError(
                        source,
                        0,
                        "",
                        kind + " \"" + e.getKey() + "\" is already defined in " + first
                                + "; the first definition is kept"));
            }
        }
    }
}
