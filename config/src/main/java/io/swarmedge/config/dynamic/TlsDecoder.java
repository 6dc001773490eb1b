package io.swarmedge.config.dynamic;

import java.util.List;

/** Decodes the {@code tls} section's options, certificates and stores. */
final class TlsDecoder {
    private static final List<String> OPTIONS_KEYS = List.of(
            "minVersion",
            "maxVersion",
            "cipherSuites",
            "curvePreferences",
            "sniStrict",
            "alpnProtocols",
            "clientAuth",
            // A no-op since Go 1.17, accepted by Traefik: accepted here too.
            "preferServerCipherSuites");
    private static final String DEFAULT_STORE = "default";

    private TlsDecoder() {}

    static TlsOptions options(Node node) {
        String name = Checks.objectName(node, "TLS options");
        String what = "TLS options \"" + name + "\"";
        Fields f = new Fields(node, what, OPTIONS_KEYS, List.of("disableSessionTickets"));
        TlsOptions d = TlsOptions.DEFAULT;
        String min = f.has("minVersion")
                ? Checks.oneOf(
                        f.node("minVersion"), f.string("minVersion", "").strip(), TlsNames.versions(), "TLS version")
                : d.minVersion();
        String max = f.has("maxVersion")
                ? Checks.oneOf(
                        f.node("maxVersion"), f.string("maxVersion", "").strip(), TlsNames.versions(), "TLS version")
                : d.maxVersion();
        if (!max.isEmpty()
                && TlsNames.versions().indexOf(max) < TlsNames.versions().indexOf(min)) {
            throw f.node("maxVersion").fail(what + " maxVersion " + max + " is below minVersion " + min);
        }
        List<String> ciphers = f.strings("cipherSuites").stream()
                .map(c -> Checks.oneOf(f.node("cipherSuites"), c.strip(), TlsNames.cipherNames(), "cipher suite"))
                .toList();
        List<String> curves = f.strings("curvePreferences").stream()
                .map(c -> Checks.oneOf(f.node("curvePreferences"), c.strip(), TlsNames.curveNames(), "curve"))
                .toList();
        f.bool("preferServerCipherSuites", false);
        TlsOptions.ClientAuth clientAuth = TlsOptions.ClientAuth.NONE;
        if (f.present("clientAuth")) {
            Fields c = new Fields(
                    f.node("clientAuth"), what + " clientAuth", List.of("caFiles", "clientAuthType"), List.of());
            String type = c.has("clientAuthType")
                    ? Checks.oneOf(
                            c.node("clientAuthType"),
                            c.string("clientAuthType", "").strip(),
                            TlsNames.CLIENT_AUTH_TYPES,
                            "clientAuthType")
                    : TlsOptions.ClientAuth.NONE.clientAuthType();
            List<String> caFiles = c.strings("caFiles");
            if (caFiles.isEmpty()
                    && (type.equals("RequireAndVerifyClientCert") || type.equals("VerifyClientCertIfGiven"))) {
                throw c.node("caFiles").fail(what + " clientAuthType " + type + " needs caFiles");
            }
            clientAuth = new TlsOptions.ClientAuth(caFiles, type);
        }
        return new TlsOptions(
                min,
                max,
                ciphers,
                curves,
                f.bool("sniStrict", d.sniStrict()),
                f.has("alpnProtocols") ? f.strings("alpnProtocols") : d.alpnProtocols(),
                clientAuth);
    }

    static CertificateSource certificate(Node node, boolean withStores) {
        Fields f = new Fields(
                node,
                "certificate",
                withStores ? List.of("certFile", "keyFile", "stores") : List.of("certFile", "keyFile"),
                List.of());
        List<String> stores = withStores ? f.strings("stores") : List.of();
        for (String store : stores) {
            if (!store.equals(DEFAULT_STORE)) {
                throw f.node("stores")
                        .fail("TLS store \"" + store + "\" does not exist: only the \"default\" store is"
                                + " supported (as in Traefik)");
            }
        }
        return new CertificateSource(f.requiredString("certFile"), f.requiredString("keyFile"), stores);
    }

    static TlsStore store(Node node) {
        String name = Checks.objectName(node, "TLS store");
        String what = "TLS store \"" + name + "\"";
        if (!name.equals(DEFAULT_STORE)) {
            // Traefik ignores other stores; here it is an error rather than a silent no-op.
            throw node.fail(what + ": only the \"default\" store is supported (as in Traefik)");
        }
        Fields f = new Fields(node, what, List.of("defaultCertificate", "defaultGeneratedCert"), List.of());
        List<CertificateSource> defaultCertificate =
                f.has("defaultCertificate") ? List.of(certificate(f.node("defaultCertificate"), false)) : List.of();
        String resolver = "";
        String domain = "";
        if (f.has("defaultGeneratedCert")) {
            Fields g = new Fields(
                    f.node("defaultGeneratedCert"),
                    what + " defaultGeneratedCert",
                    List.of("resolver", "domain"),
                    List.of());
            resolver = g.requiredString("resolver");
            Fields dom = new Fields(
                    g.node("domain"), what + " defaultGeneratedCert domain", List.of("main", "sans"), List.of());
            domain = dom.requiredString("main");
            if (!dom.strings("sans").isEmpty()) {
                throw dom.node("sans").fail(what + " defaultGeneratedCert domain sans are not supported by swarmedge");
            }
        }
        if (!defaultCertificate.isEmpty() && !resolver.isEmpty()) {
            throw node.fail(what + " has both defaultCertificate and defaultGeneratedCert");
        }
        return new TlsStore(defaultCertificate, resolver, domain);
    }
}
