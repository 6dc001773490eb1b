package io.swarmedge.proxy.tls;

import io.micrometer.core.instrument.MeterRegistry;
import io.swarmedge.proxy.tls.ocsp.OcspStapling;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What outlives one build of the {@link TlsContexts}: OCSP stapling (answers fetched in the
 * background) and the session-ticket keys (rotated every {@link SessionTicketKeys#ROTATION}). One
 * per proxy process; every build of the contexts uses it.
 */
public final class TlsServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsServices.class);

    private final OcspStapling stapling;
    private final SessionTicketKeys ticketKeys;
    private final ScheduledExecutorService rotation;

    /** Starts stapling and ticket-key rotation every {@link SessionTicketKeys#ROTATION}. */
    public static TlsServices start(MeterRegistry registry) {
        return new TlsServices(
                OcspStapling.start(registry), new SessionTicketKeys(new SecureRandom()), SessionTicketKeys.ROTATION);
    }

    public TlsServices(OcspStapling stapling, SessionTicketKeys ticketKeys, Duration rotationPeriod) {
        this.stapling = stapling;
        this.ticketKeys = ticketKeys;
        this.rotation = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("swarmedge-tls-tickets").factory());
        long period = rotationPeriod.toMillis();
        rotation.scheduleAtFixedRate(this::rotate, period, period, TimeUnit.MILLISECONDS);
    }

    private void rotate() {
        try {
            ticketKeys.rotate();
            LOG.info("tls-ticket-keys-rotated keys={}", ticketKeys.names().size());
        } catch (RuntimeException e) {
            LOG.warn("tls-ticket-keys-rotation-failed error=\"{}\"", e.toString());
        }
    }

    /** OCSP stapling. */
    public OcspStapling stapling() {
        return stapling;
    }

    /** The session-ticket keys. */
    public SessionTicketKeys ticketKeys() {
        return ticketKeys;
    }

    @Override
    public void close() {
        rotation.shutdownNow();
        stapling.close();
    }
}
