package io.swarmedge.proxy.tls;

import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.swarmedge.config.dynamic.CertificateSource;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.config.dynamic.TlsOptions;
import io.swarmedge.config.dynamic.TlsStore;
import io.swarmedge.proxy.tls.ocsp.OcspException;
import io.swarmedge.proxy.tls.ocsp.OcspTarget;
import io.swarmedge.proxy.tls.ocsp.Staple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The TLS side of one configuration, built once per reload off the event loops: certificates
 * loaded, options compiled, and one engine context per (options, certificate) pair made ahead, so a
 * handshake only does two hash lookups. It is the {@link AsyncMapping} of an entrypoint's {@link
 * SniHandler}: the SNI name picks the TLS options (a router's, by host, else the entrypoint's) and
 * the certificate (exact, wildcard, default, or a refusal under {@code sniStrict}).
 *
 * <p>Problems that leave part of the configuration out (an unreadable certificate file, unknown
 * options named by a router) are reported in {@link #problems()} and the rest keeps working;
 * {@link #warnings()} lists settings that work but will fail some clients.
 */
public final class TlsContexts implements AsyncMapping<String, SslContext> {
    /** Largest ClientHello accepted while looking for SNI (post-quantum key shares make them ~2 KiB). */
    public static final int MAX_CLIENT_HELLO_BYTES = 64 * 1024;

    /** Time allowed for a client to complete its ClientHello. */
    public static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    /**
     * Which TLS options apply: the entrypoint's, and per host those of the routers on it.
     *
     * @param entryPointOptions e.g. {@code default}
     * @param optionsByHost exact host name → options name, from routers' {@code tls.options}
     */
    public record Selection(String entryPointOptions, Map<String, String> optionsByHost) {
        public Selection {
            Map<String, String> lower = new HashMap<>();
            optionsByHost.forEach((host, options) -> lower.put(SniCertificateSelector.canonical(host), options));
            optionsByHost = Map.copyOf(lower);
        }

        /** Traefik's default: options {@code default} for every name. */
        public static Selection defaults() {
            return new Selection("default", Map.of());
        }
    }

    private final TlsEngine engine;
    private final SniCertificateSelector selector;
    private final CompiledTlsOptions entryPointOptions;
    private final Map<String, CompiledTlsOptions> optionsByHost;
    private final Map<CompiledTlsOptions, Map<ServerCertificate, SslContext>> contexts;
    private final List<String> problems;
    private final List<String> warnings;

    private TlsContexts(
            TlsEngine engine,
            SniCertificateSelector selector,
            CompiledTlsOptions entryPointOptions,
            Map<String, CompiledTlsOptions> optionsByHost,
            Map<CompiledTlsOptions, Map<ServerCertificate, SslContext>> contexts,
            List<String> problems,
            List<String> warnings) {
        this.engine = engine;
        this.selector = selector;
        this.entryPointOptions = entryPointOptions;
        this.optionsByHost = optionsByHost;
        this.contexts = contexts;
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Builds the contexts. Blocking (reads files, may generate a key): call it off the event loops.
     *
     * @param config the dynamic configuration's {@code tls} section
     * @param selection which options apply to which names
     * @param generator makes the default certificate when the store has none
     * @param engine the TLS implementation, usually {@link TlsEngine#preferred()}
     * @throws TlsConfigurationException when the entrypoint's options are unknown or invalid, or the
     *     engine refuses them (nothing could be served)
     */
    public static TlsContexts build(
            TlsConfig config, Selection selection, CertificateGenerator generator, TlsEngine engine) {
        return build(config, selection, List.of(), generator, engine);
    }

    /**
     * Builds the contexts with certificates obtained at run time (ACME) besides the configured ones;
     * a configured certificate wins when both have a name.
     *
     * @see #build(TlsConfig, Selection, CertificateGenerator, TlsEngine)
     */
    public static TlsContexts build(
            TlsConfig config,
            Selection selection,
            List<ServerCertificate> obtained,
            CertificateGenerator generator,
            TlsEngine engine) {
        return build(config, selection, obtained, generator, engine, null);
    }

    /**
     * Builds the contexts with the process's long-lived TLS services: certificates that name an
     * OCSP responder get its answer stapled, and every OpenSSL context shares the session-ticket
     * keys (resumption across contexts and reloads).
     *
     * @param services stapling and ticket keys; null for neither
     * @see #build(TlsConfig, Selection, List, CertificateGenerator, TlsEngine)
     */
    public static TlsContexts build(
            TlsConfig config,
            Selection selection,
            List<ServerCertificate> obtained,
            CertificateGenerator generator,
            TlsEngine engine,
            TlsServices services) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        Map<String, CompiledTlsOptions> compiled = new LinkedHashMap<>();
        CompiledTlsOptions entryPoint = compileOptions(config, selection.entryPointOptions(), compiled);
        Map<String, CompiledTlsOptions> byHost = new HashMap<>();
        selection.optionsByHost().forEach((host, name) -> {
            try {
                byHost.put(host, compileOptions(config, name, compiled));
            } catch (TlsConfigurationException e) {
                problems.add("event=tls_options_invalid host=" + host + " detail=\"" + e.getMessage() + "\" fallback="
                        + entryPoint.name());
            }
        });

        List<ServerCertificate> certificates = new ArrayList<>();
        List<CertificateSource> sources = config.certificates();
        for (int i = 0; i < sources.size(); i++) {
            CertificateSource source = sources.get(i);
            if (!source.stores().isEmpty() && !source.stores().contains("default")) {
                continue; // only the default store is used, as in Traefik
            }
            try {
                certificates.add(PemCertificates.load(source, "tls.certificates[" + i + "]"));
            } catch (TlsConfigurationException e) {
                problems.add("event=tls_certificate_invalid detail=\"" + e.getMessage() + "\"");
            }
        }
        certificates.addAll(obtained);
        ServerCertificate defaultCertificate = defaultCertificate(config, generator, problems);
        SniCertificateSelector selector = new SniCertificateSelector(certificates, defaultCertificate);

        List<ServerCertificate> all = new ArrayList<>(certificates);
        all.add(defaultCertificate);
        Map<ServerCertificate, Staple> staples = staples(all, engine, services, problems, warnings);
        Map<CompiledTlsOptions, Map<ServerCertificate, SslContext>> contexts = new IdentityHashMap<>();
        for (CompiledTlsOptions options : compiled.values()) {
            Map<ServerCertificate, SslContext> perCertificate = new IdentityHashMap<>();
            for (ServerCertificate certificate : all) {
                try {
                    Staple staple = staples.get(certificate);
                    SslContext context = options.newServerContext(certificate, engine, staple != null);
                    if (services != null) {
                        services.ticketKeys().use(context);
                    }
                    perCertificate.put(certificate, staple == null ? context : new StaplingSslContext(context, staple));
                } catch (SSLException | RuntimeException e) {
                    if (options == entryPoint && certificate == defaultCertificate) {
                        throw new TlsConfigurationException(
                                "tls.options." + options.name() + ": the TLS engine refuses these options: "
                                        + e.getMessage(),
                                e);
                    }
                    problems.add("event=tls_context_failed options=" + options.name() + " certificate=\""
                            + certificate.source() + "\" detail=\"" + e.getMessage() + "\"");
                }
                if (certificate != defaultCertificate) {
                    warnings.addAll(options.warningsFor(certificate));
                }
            }
            contexts.put(options, perCertificate);
            List<String> unsupported = options.unsupportedSuites(engine);
            if (!unsupported.isEmpty()) {
                warnings.add("event=tls_cipher_unsupported options=" + options.name() + " engine=" + engine + " suites="
                        + String.join(",", unsupported));
            }
            if (engine == TlsEngine.JDK && !options.curves().isEmpty()) {
                warnings.add("event=tls_curves_ignored options=" + options.name()
                        + " detail=\"curvePreferences need the OpenSSL engine; the JDK engine uses its defaults\"");
            }
        }
        return new TlsContexts(engine, selector, entryPoint, byHost, contexts, problems, warnings);
    }

    /** The staple of each certificate that names an OCSP responder (OpenSSL engine only). */
    private static Map<ServerCertificate, Staple> staples(
            List<ServerCertificate> certificates,
            TlsEngine engine,
            TlsServices services,
            List<String> problems,
            List<String> warnings) {
        Map<ServerCertificate, Staple> staples = new IdentityHashMap<>();
        if (services == null) {
            return staples;
        }
        for (ServerCertificate certificate : certificates) {
            if (engine != TlsEngine.OPENSSL) {
                OcspTarget.responderOf(certificate.leaf())
                        .ifPresent(responder -> warnings.add("event=tls_ocsp_stapling_off certificate=\""
                                + certificate.source() + "\" responder=" + responder
                                + " detail=\"OCSP stapling needs the OpenSSL engine (netty-tcnative); the JDK engine"
                                + " serves without a staple\""));
                continue;
            }
            try {
                services.stapling().stapleFor(certificate).ifPresent(staple -> staples.put(certificate, staple));
            } catch (OcspException e) {
                problems.add("event=tls_ocsp_unusable certificate=\"" + certificate.source() + "\" detail=\""
                        + e.getMessage() + "\" stapling=off");
            }
        }
        return staples;
    }

    private static CompiledTlsOptions compileOptions(
            TlsConfig config, String name, Map<String, CompiledTlsOptions> compiled) {
        CompiledTlsOptions existing = compiled.get(name);
        if (existing != null) {
            return existing;
        }
        TlsOptions options = config.options().get(name);
        if (options == null) {
            if (!name.equals("default") && !name.startsWith("default@")) {
                throw new TlsConfigurationException("tls.options." + name + ": unknown TLS options");
            }
            options = TlsOptions.DEFAULT;
        }
        CompiledTlsOptions result = CompiledTlsOptions.compile(name, options);
        compiled.put(name, result);
        return result;
    }

    private static ServerCertificate defaultCertificate(
            TlsConfig config, CertificateGenerator generator, List<String> problems) {
        TlsStore store = config.stores().get("default");
        if (store != null && !store.defaultCertificate().isEmpty()) {
            try {
                return PemCertificates.load(
                        store.defaultCertificate().getFirst(), "tls.stores.default.defaultCertificate");
            } catch (TlsConfigurationException e) {
                problems.add("event=tls_certificate_invalid detail=\"" + e.getMessage() + "\" fallback=generated");
            }
        }
        return generator.defaultCertificate();
    }

    /**
     * The context for a handshake.
     *
     * @param serverName the SNI name, empty when the client sent none
     * @return empty when the handshake must be refused ({@code sniStrict})
     */
    public Optional<SslContext> contextFor(String serverName) {
        String name = SniCertificateSelector.canonical(serverName);
        CompiledTlsOptions options = optionsByHost.getOrDefault(name, entryPointOptions);
        // a pair whose context failed to build (reported in problems) is refused, not half-served
        return selector.select(name, options.sniStrict())
                .flatMap(
                        certificate -> Optional.ofNullable(contexts.get(options).get(certificate)));
    }

    @Override
    public Future<SslContext> map(String hostname, Promise<SslContext> promise) {
        Optional<SslContext> context = contextFor(hostname == null ? "" : hostname);
        if (context.isPresent()) {
            return promise.setSuccess(context.get());
        }
        return promise.setFailure(new SniRefusedException(hostname == null ? "" : hostname));
    }

    /** A new SNI handler for one connection; put it first in a TLS entrypoint's pipeline. */
    public SniHandler newSniHandler() {
        return new SniHandler(
                (AsyncMapping<String, SslContext>) this, MAX_CLIENT_HELLO_BYTES, HANDSHAKE_TIMEOUT_MILLIS);
    }

    /** The certificate selector. */
    public SniCertificateSelector selector() {
        return selector;
    }

    /** The engine in use. */
    public TlsEngine engine() {
        return engine;
    }

    /** Parts of the configuration left out, one log line each (key=value). */
    public List<String> problems() {
        return problems;
    }

    /** Settings that work but will fail some clients, one log line each (key=value). */
    public List<String> warnings() {
        return warnings;
    }

    /** A handshake refused because no certificate has the name and the options are strict. */
    public static final class SniRefusedException extends SSLException {
        SniRefusedException(String serverName) {
            super("strict SNI: no certificate for \""
                    + (serverName.isEmpty() ? "(no SNI)" : serverName.toLowerCase(Locale.ROOT)) + "\"");
        }
    }
}
