package io.swarmedge.cli;

import io.swarmedge.acme.AcmeCertificates;
import io.swarmedge.acme.Demands;
import io.swarmedge.acme.renewal.CertificateSet;
import io.swarmedge.acme.renewal.ServedCertificate;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.staticconfig.AcmeResolver;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.proxy.ProxyServer;
import io.swarmedge.proxy.tls.ChallengeAnswers;
import io.swarmedge.proxy.tls.ServerCertificate;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code proxy} command's ACME side: starts the {@code acme} module for the static
 * configuration's {@code certificatesResolvers}, demands certificates for every new dynamic
 * configuration, hands the certificates it publishes to the proxy's SNI selection and answers
 * HTTP-01 challenges on each resolver's {@code httpChallenge.entryPoint} and TLS-ALPN-01 ones on
 * every TLS entrypoint. The proxy keeps serving
 * (its default certificate) while the CA is unreachable; the acme module logs each failed order
 * with its resolver.
 */
final class ProxyCertificates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyCertificates.class);

    private final AcmeCertificates acme;
    private final StaticConfig config;

    private ProxyCertificates(AcmeCertificates acme, StaticConfig config) {
        this.acme = acme;
        this.config = config;
    }

    /**
     * Starts ACME for the proxy, or nothing when no resolver is configured.
     *
     * @param owner this replica's identity in the store's locks
     * @param dockerEndpoint the Docker API (for {@code storage: swarm://})
     */
    static Optional<ProxyCertificates> start(StaticConfig config, ProxyServer proxy, String owner, URI dockerEndpoint) {
        if (config.certificatesResolvers().isEmpty()) {
            return Optional.empty();
        }
        AcmeCertificates acme = AcmeCertificates.start(
                config.certificatesResolvers(),
                new AcmeCertificates.Settings(
                        owner, dockerEndpoint, AcmeCertificates.Settings.DEFAULT_KEY_FILE, System.getenv()),
                certificates -> proxy.obtainedCertificates(serverCertificates(certificates)));
        ChallengeAnswers answers = new ChallengeAnswers() {
            @Override
            public CompletableFuture<Optional<String>> httpAnswer(String path) {
                return acme.responder().httpAnswerForPathAsync(path);
            }

            @Override
            public CompletableFuture<Optional<ServerCertificate>> alpnCertificate(String serverName) {
                return acme.responder()
                        .alpnCertificateAsync(serverName)
                        .thenApply(answer -> answer.map(a -> ServerCertificate.of(
                                List.of(a.certificate()), a.key(), "acme tls-alpn-01 " + a.domain())));
            }
        };
        // a CA validating TLS-ALPN-01 connects to 443, whichever entrypoint that is
        proxy.tlsChallenges(answers);
        for (AcmeResolver resolver : config.certificatesResolvers().values()) {
            String entryPoint = resolver.httpChallengeEntryPoint();
            if (entryPoint.isEmpty()) {
                continue;
            }
            try {
                proxy.challenges(entryPoint, answers);
                LOG.info("acme-http-challenge-enabled resolver={} entrypoint={}", resolver.name(), entryPoint);
            } catch (IllegalArgumentException e) {
                LOG.error(
                        "acme-http-challenge-entrypoint-missing resolver={} entrypoint={} key=certificatesresolvers.{}.acme.httpchallenge.entrypoint",
                        resolver.name(),
                        entryPoint,
                        resolver.name());
            }
        }
        return Optional.of(new ProxyCertificates(acme, config));
    }

    /** Demands the certificates a new configuration's routers ask for. */
    void configurationChanged(DynamicConfig dynamic) {
        Demands.Result wanted = Demands.of(dynamic, config);
        wanted.problems().forEach(problem -> LOG.warn("acme-demand-problem {}", problem));
        acme.demand(wanted.demands());
    }

    static List<ServerCertificate> serverCertificates(CertificateSet set) {
        List<ServerCertificate> result = new ArrayList<>();
        for (ServedCertificate served : set.certificates()) {
            result.add(ServerCertificate.of(
                    served.bundle().chain(),
                    served.bundle().key(),
                    "acme " + served.demand().resolver() + " " + served.demand().domains()));
        }
        return result;
    }

    @Override
    public void close() {
        acme.close();
    }
}
