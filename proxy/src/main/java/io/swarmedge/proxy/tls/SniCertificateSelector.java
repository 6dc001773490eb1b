package io.swarmedge.proxy.tls;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the certificate for a TLS handshake from its SNI name, as Traefik does: an exact name
 * first, then a wildcard ({@code *.example.com} covers exactly one more label), then the default
 * certificate, unless {@code sniStrict} refuses names no certificate has (and handshakes without
 * SNI). Pure and immutable: lookups are two hash probes.
 */
public final class SniCertificateSelector {
    private final Map<String, ServerCertificate> byName;
    private final ServerCertificate defaultCertificate;

    /**
     * A selector over these certificates; when two serve the same name, the first listed wins.
     *
     * @param certificates the configured certificates
     * @param defaultCertificate served for unknown names when not strict
     */
    public SniCertificateSelector(List<ServerCertificate> certificates, ServerCertificate defaultCertificate) {
        Map<String, ServerCertificate> names = new HashMap<>();
        for (ServerCertificate certificate : certificates) {
            for (String name : certificate.names()) {
                names.putIfAbsent(name, certificate);
            }
        }
        this.byName = Map.copyOf(names);
        this.defaultCertificate = defaultCertificate;
    }

    /** The certificate served for unknown names. */
    public ServerCertificate defaultCertificate() {
        return defaultCertificate;
    }

    /** The certificate that has this name (exact or wildcard), if any. */
    public Optional<ServerCertificate> match(String serverName) {
        String name = canonical(serverName);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        ServerCertificate exact = byName.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            return Optional.ofNullable(byName.get("*" + name.substring(dot)));
        }
        return Optional.empty();
    }

    /**
     * The certificate to serve.
     *
     * @param serverName the SNI name, empty when the client sent none
     * @param sniStrict refuse names no certificate has
     * @return empty when the handshake must be refused
     */
    public Optional<ServerCertificate> select(String serverName, boolean sniStrict) {
        Optional<ServerCertificate> match = match(serverName);
        if (match.isPresent() || sniStrict) {
            return match;
        }
        return Optional.of(defaultCertificate);
    }

    /** Lower case, without the trailing dot of a fully qualified name. */
    static String canonical(String serverName) {
        String name = serverName.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
