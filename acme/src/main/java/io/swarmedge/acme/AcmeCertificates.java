package io.swarmedge.acme;

import io.swarmedge.acme.challenge.ChallengeResponder;
import io.swarmedge.acme.order.AcmeClient;
import io.swarmedge.acme.order.ResolverSettings;
import io.swarmedge.acme.renewal.CertificateKeeper;
import io.swarmedge.acme.renewal.CertificateListener;
import io.swarmedge.acme.renewal.CertificateSet;
import io.swarmedge.acme.renewal.CertificateStatus;
import io.swarmedge.acme.renewal.KeeperSettings;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.acme.store.StoreLocation;
import io.swarmedge.acme.traefik.TraefikAcmeImport;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME side of a proxy replica, wired from the static configuration: one store shared by the
 * resolvers, one {@link CertificateKeeper}, one {@link ChallengeResponder}.
 *
 * <p>How the proxy uses it:
 *
 * <pre>{@code
 * AcmeCertificates acme = AcmeCertificates.start(staticConfig.certificatesResolvers(), settings, sni::update);
 * acme.demand(demands);                         // on every new runtime: routers with tls.certresolver
 * acme.responder().httpAnswerForPath(path);     // HTTP-01 on the challenge entrypoint (virtual thread)
 * acme.responder().alpnCertificate(serverName); // TLS-ALPN-01 when ALPN offers acme-tls/1
 * acme.status();                                // health, metrics
 * }</pre>
 */
public final class AcmeCertificates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);

    private final CertificateStore store;
    private final CertificateKeeper keeper;
    private final ChallengeResponder responder;

    private AcmeCertificates(CertificateStore store, CertificateKeeper keeper) {
        this.store = store;
        this.keeper = keeper;
        this.responder = new ChallengeResponder(store);
    }

    /**
     * Where the process runs.
     *
     * @param owner this replica's identity in locks (e.g. host name and task id)
     * @param dockerEndpoint the Docker API for {@code storage: swarm://}
     * @param swarmKeyFile the encryption key of the Swarm store (a Docker secret file)
     * @param environment the process environment ({@code LEGO_CA_CERTIFICATES})
     */
    public record Settings(String owner, URI dockerEndpoint, Path swarmKeyFile, Map<String, String> environment) {
        /** Default secret path of the Swarm store's key. */
        public static final Path DEFAULT_KEY_FILE = Path.of("/run/secrets/swarmedge-acme-key");

        public Settings {
            environment = Map.copyOf(environment);
        }
    }

    /**
     * Checks the resolvers, opens the store (importing Traefik's {@code acme.json} when there is one)
     * and starts keeping certificates.
     *
     * @throws io.swarmedge.acme.order.AcmeConfigException naming the resolver's key when a setting
     *     cannot be used
     * @throws io.swarmedge.acme.store.StoreException when the store cannot be opened
     * @throws IllegalArgumentException when there are no resolvers (start nothing then)
     */
    public static AcmeCertificates start(
            Map<String, AcmeResolver> resolvers, Settings settings, CertificateListener listener) {
        Map<String, AcmeResolver> sorted = new TreeMap<>(resolvers);
        Map<String, ResolverSettings> checked = new LinkedHashMap<>();
        sorted.forEach((name, r) -> checked.put(name, ResolverSettings.from(r, settings.environment())));
        StoreLocation location = null;
        for (AcmeResolver r : sorted.values()) {
            StoreLocation here =
                    StoreLocation.parse(r.storage(), "certificatesresolvers." + r.name() + ".acme.storage");
            if (location == null) {
                location = here;
            } else if (!sameStore(location, here)) {
                LOG.warn(
                        "event=acme-storage-shared resolver={} storage=\"{}\" using={}",
                        r.name(),
                        r.storage(),
                        location);
            }
        }
        if (location == null) {
            // without resolvers there is nothing to keep: the proxy does not start this at all
            throw new IllegalArgumentException("no certificatesresolvers configured");
        }
        CertificateStore store = location.open(settings.dockerEndpoint(), settings.swarmKeyFile(), Clock.systemUTC());
        importTraefik(sorted, location, store);
        Map<String, AcmeClient> clients = new LinkedHashMap<>();
        checked.forEach((name, s) -> clients.put(
                name,
                new AcmeClient(
                        s,
                        store,
                        settings.owner(),
                        KeeperSettings.defaults(settings.owner()).stepTimeout())));
        CertificateKeeper keeper = new CertificateKeeper(
                store,
                clients,
                KeeperSettings.defaults(settings.owner()),
                Clock.systemUTC(),
                new SecureRandom(),
                listener);
        LOG.info("event=acme-started resolvers={} store=\"{}\"", checked.keySet(), store.describe());
        return new AcmeCertificates(store, keeper.start());
    }

    /** Replaces the demanded certificates (see {@link CertificateKeeper#demand(Set)}). */
    public void demand(Set<Demand> demands) {
        keeper.demand(demands);
    }

    /** Answers the CA's validation requests from the shared store. */
    public ChallengeResponder responder() {
        return responder;
    }

    /** The certificates served now. */
    public CertificateSet certificates() {
        return keeper.certificates();
    }

    /** One status per demand. */
    public List<CertificateStatus> status() {
        return keeper.status();
    }

    /** The keeper, for replacement and metrics. */
    public CertificateKeeper keeper() {
        return keeper;
    }

    @Override
    public void close() {
        keeper.close();
        store.close();
    }

    private static boolean sameStore(StoreLocation a, StoreLocation b) {
        return switch (a) {
            case StoreLocation.Directory d ->
                b instanceof StoreLocation.Directory e && d.directory().equals(e.directory());
            case StoreLocation.Swarm s -> s.equals(b);
        };
    }

    private static void importTraefik(
            Map<String, AcmeResolver> resolvers, StoreLocation location, CertificateStore store) {
        if (!(location instanceof StoreLocation.Directory directory)) {
            return;
        }
        Map<String, String> caServers = new LinkedHashMap<>();
        resolvers.forEach((name, r) -> caServers.put(
                name,
                r.caServer().isBlank()
                        ? AcmeResolver.LETS_ENCRYPT
                        : r.caServer().strip()));
        for (Path file : directory.traefikFiles()) {
            try {
                TraefikAcmeImport.Report report = TraefikAcmeImport.importFile(file, store, caServers);
                LOG.info(
                        "event=acme-traefik-import file={} certificates={} accounts={} skipped={}",
                        file,
                        report.certificates(),
                        report.accounts(),
                        report.skipped().size());
                report.skipped().forEach(s -> LOG.info("event=acme-traefik-import-skipped detail=\"{}\"", s));
            } catch (IOException e) {
                LOG.warn("event=acme-traefik-import-failed file={} error=\"{}\"", file, e.getMessage());
            }
        }
    }
}
