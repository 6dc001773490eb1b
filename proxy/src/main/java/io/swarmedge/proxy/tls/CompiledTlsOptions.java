package io.swarmedge.proxy.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.swarmedge.config.dynamic.TlsOptions;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * One {@code tls.options} entry mapped to engine settings: protocol versions, cipher suites (TLS 1.2
 * and below; TLS 1.3 suites are always on when TLS 1.3 is, as in Go), key exchange groups, ALPN and
 * client authentication.
 *
 * @param name the options' name, for messages
 * @param versions enabled protocol versions, lowest first
 * @param tls12Suites the TLS ≤ 1.2 suites, in preference order
 * @param explicitSuites whether the suites were configured (else secure defaults)
 * @param curves key exchange groups, in preference order; empty = engine defaults
 * @param alpnProtocols ALPN protocols in preference order; empty = no ALPN
 * @param clientAuth mutual TLS mode
 * @param clientCas CAs that sign accepted client certificates
 * @param sniStrict refuse names no certificate has
 */
public record CompiledTlsOptions(
        String name,
        List<TlsVersion> versions,
        List<CipherSuite> tls12Suites,
        boolean explicitSuites,
        List<CurvePreference> curves,
        List<String> alpnProtocols,
        ClientAuthMode clientAuth,
        List<X509Certificate> clientCas,
        boolean sniStrict) {

    /**
     * ALPN protocols the entrypoints speak: others in {@code alpnProtocols} ({@code acme-tls/1})
     * are not advertised until their handlers are wired, so a client never negotiates a protocol
     * the connection cannot serve.
     */
    public static final Set<String> SERVED_PROTOCOLS = Set.of("h2", "http/1.1");

    /** Secure TLS 1.2 defaults: forward-secret AEAD suites only (what SSL Labs rates A+). */
    public static final List<CipherSuite> DEFAULT_TLS12_SUITES = List.of(
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);

    private static final List<CipherSuite> TLS13_SUITES = List.of(
            CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_AES_256_GCM_SHA384,
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256);

    public CompiledTlsOptions {
        versions = List.copyOf(versions);
        tls12Suites = List.copyOf(tls12Suites);
        curves = List.copyOf(curves);
        alpnProtocols = List.copyOf(alpnProtocols);
        clientCas = List.copyOf(clientCas);
    }

    /**
     * Maps Traefik's options.
     *
     * @param name the options' name; errors name {@code tls.options.<name>.<key>}
     * @throws TlsConfigurationException naming the key of an unknown version, cipher, curve or client
     *     auth type, or an unreadable CA file
     */
    public static CompiledTlsOptions compile(String name, TlsOptions options) {
        String key = "tls.options." + name;
        TlsVersion min = options.minVersion().isEmpty()
                ? TlsVersion.TLS12
                : TlsVersion.parse(key + ".minVersion", options.minVersion());
        TlsVersion max = options.maxVersion().isEmpty()
                ? TlsVersion.TLS13
                : TlsVersion.parse(key + ".maxVersion", options.maxVersion());
        if (max.compareTo(min) < 0) {
            throw new TlsConfigurationException(
                    key + ".maxVersion: " + max.traefikName() + " is below minVersion " + min.traefikName());
        }
        List<CipherSuite> suites = new ArrayList<>();
        for (int i = 0; i < options.cipherSuites().size(); i++) {
            String goName = options.cipherSuites().get(i);
            if (goName.trim().equals("TLS_FALLBACK_SCSV")) {
                continue; // a signalling value, not a suite: Go ignores it here too
            }
            CipherSuite suite = CipherSuite.byGoName(goName)
                    .orElseThrow(() -> new TlsConfigurationException(
                            key + ".cipherSuites: unknown cipher suite \"" + goName + "\""));
            if (!suite.isTls13() && !suites.contains(suite)) {
                suites.add(suite);
            }
        }
        boolean explicit = !options.cipherSuites().isEmpty();
        List<CurvePreference> curves = new ArrayList<>();
        for (String curve : options.curvePreferences()) {
            curves.add(CurvePreference.byGoName(curve.trim())
                    .orElseThrow(() ->
                            new TlsConfigurationException(key + ".curvePreferences: unknown curve \"" + curve + "\"")));
        }
        ClientAuthMode mode = ClientAuthMode.parse(
                key + ".clientAuth.clientAuthType", options.clientAuth().clientAuthType());
        List<X509Certificate> cas = new ArrayList<>();
        List<String> caFiles = options.clientAuth().caFiles();
        for (int i = 0; i < caFiles.size(); i++) {
            cas.addAll(PemCertificates.certificates(caFiles.get(i), key + ".clientAuth.caFiles[" + i + "]"));
        }
        if (mode.verifies() && cas.isEmpty()) {
            throw new TlsConfigurationException(key + ".clientAuth.caFiles: required with clientAuthType "
                    + options.clientAuth().clientAuthType());
        }
        return new CompiledTlsOptions(
                name,
                TlsVersion.range(min, max),
                explicit ? suites : DEFAULT_TLS12_SUITES,
                explicit,
                curves,
                options.alpnProtocols(),
                mode,
                cas,
                options.sniStrict());
    }

    /** True when TLS 1.2 or an older version is enabled (where the suite list matters). */
    public boolean allowsTls12OrBelow() {
        return versions.getFirst().compareTo(TlsVersion.TLS12) <= 0;
    }

    /** True when TLS 1.3 is enabled. */
    public boolean allowsTls13() {
        return versions.getLast() == TlsVersion.TLS13;
    }

    /** The IANA names to enable: the TLS ≤ 1.2 list, plus the TLS 1.3 suites when TLS 1.3 is on. */
    public List<String> enabledCipherNames() {
        List<String> names = new ArrayList<>();
        if (allowsTls12OrBelow()) {
            tls12Suites.forEach(s -> names.add(s.ianaName()));
        }
        if (allowsTls13()) {
            TLS13_SUITES.forEach(s -> names.add(s.ianaName()));
        }
        return names;
    }

    /**
     * Problems worth a warning at start when serving this certificate with these options: a TLS
     * 1.2 suite list that no suite of which works with the certificate's key (the seed's
     * ECDHE-RSA suites with an EC key), so TLS 1.2 clients fail.
     */
    public List<String> warningsFor(ServerCertificate certificate) {
        List<String> warnings = new ArrayList<>();
        if (allowsTls12OrBelow() && tls12Suites.stream().noneMatch(s -> s.worksWith(certificate.keyType()))) {
            warnings.add("event=tls_cipher_key_mismatch options=" + name + " certificate=\"" + certificate.source()
                    + "\" key_type=" + certificate.keyType()
                    + " detail=\"no configured TLS 1.2 cipher suite works with a "
                    + certificate.keyType() + " key: TLS 1.2 clients will fail"
                    + (allowsTls13()
                            ? " (TLS 1.3 clients are unaffected)"
                            : ", and TLS 1.3 is off: every handshake will fail")
                    + "\"");
        }
        return warnings;
    }

    /** Configured suites the engine does not implement (left out; e.g. RC4 in BoringSSL). */
    public List<String> unsupportedSuites(TlsEngine engine) {
        Set<String> jdkSupported = engine == TlsEngine.JDK ? jdkSupportedSuites() : Set.of();
        List<String> unsupported = new ArrayList<>();
        for (String suite : enabledCipherNames()) {
            boolean supported =
                    engine == TlsEngine.JDK ? jdkSupported.contains(suite) : OpenSsl.isCipherSuiteAvailable(suite);
            if (!supported) {
                unsupported.add(suite);
            }
        }
        return unsupported;
    }

    private static Set<String> jdkSupportedSuites() {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            return Set.of();
        }
    }

    /**
     * A server context for one certificate with these options.
     *
     * @throws SSLException when the engine refuses the settings (e.g. no usable cipher suite)
     */
    public SslContext newServerContext(ServerCertificate certificate, TlsEngine engine) throws SSLException {
        return newServerContext(certificate, engine, false);
    }

    /**
     * A server context for one certificate with these options.
     *
     * @param ocsp whether engines will carry an OCSP answer to staple (OpenSSL engine only)
     * @throws SSLException when the engine refuses the settings (e.g. no usable cipher suite)
     */
    public SslContext newServerContext(ServerCertificate certificate, TlsEngine engine, boolean ocsp)
            throws SSLException {
        SslContextBuilder builder = (engine == TlsEngine.OPENSSL
                        // cached: otherwise Netty re-encodes the key and chain for every handshake
                        ? SslContextBuilder.forServer(new OpenSslCachingX509KeyManagerFactory(
                                new KeyManagerFactoryWrapper(new SingleCertificateKeyManager(certificate))))
                        : SslContextBuilder.forServer(certificate.key(), certificate.chain()))
                .sslProvider(engine.provider())
                .protocols(versions.stream().map(TlsVersion::protocol).toList())
                .ciphers(enabledCipherNames(), SupportedCipherSuiteFilter.INSTANCE)
                .clientAuth(clientAuth.nettyMode());
        List<String> served =
                alpnProtocols.stream().filter(SERVED_PROTOCOLS::contains).toList();
        if (!served.isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    // the only behaviours BoringSSL supports: no common protocol means no ALPN
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    served));
        }
        if (clientAuth.verifies()) {
            builder.trustManager(clientCas);
        } else if (clientAuth != ClientAuthMode.NO_CLIENT_CERT) {
            // RequestClientCert / RequireAnyClientCert: any certificate is accepted, as in Go
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (engine == TlsEngine.OPENSSL && !curves.isEmpty()) {
            builder.option(
                    OpenSslContextOption.GROUPS,
                    curves.stream().map(CurvePreference::groupName).toArray(String[]::new));
        }
        if (ocsp && engine == TlsEngine.OPENSSL) {
            builder.enableOcsp(true);
        }
        return builder.build();
    }
}
