package io.swarmedge.acme.testing;

import io.swarmedge.acme.order.AcmeClient;
import io.swarmedge.acme.renewal.CertificateKeeper;
import io.swarmedge.acme.renewal.CertificateListener;
import io.swarmedge.acme.renewal.CertificateSet;
import io.swarmedge.acme.renewal.KeeperSettings;
import io.swarmedge.acme.renewal.RenewalPolicy;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keepers wired to a test pebble with fast pacing. */
public final class Keepers {
    private Keepers() {}

    /** Fast checks, half-second back-off doubling to two seconds. */
    public static KeeperSettings fast(String owner) {
        return new KeeperSettings(
                owner,
                Duration.ofMillis(200),
                new RenewalPolicy(Duration.ofMillis(500), Duration.ofSeconds(2)),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }

    /** Records every certificate set published. */
    public static final class Recorder implements CertificateListener {
        public final List<CertificateSet> sets = new CopyOnWriteArrayList<>();

        @Override
        public void certificatesChanged(CertificateSet certificates) {
            sets.add(certificates);
        }

        public CertificateSet last() {
            return sets.isEmpty() ? CertificateSet.EMPTY : sets.getLast();
        }
    }

    public static CertificateKeeper keeper(
            CertificateStore store,
            PebbleCa ca,
            String owner,
            CertificateListener listener,
            AcmeResolver... resolvers) {
        Map<String, AcmeClient> clients = new java.util.HashMap<>();
        for (AcmeResolver r : resolvers) {
            clients.put(r.name(), new AcmeClient(Resolvers.settings(r, ca), store, owner, Duration.ofSeconds(30)));
        }
        return new CertificateKeeper(store, clients, fast(owner), Clock.systemUTC(), new Random(7), listener);
    }
}
