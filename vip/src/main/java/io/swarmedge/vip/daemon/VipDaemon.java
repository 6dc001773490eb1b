package io.swarmedge.vip.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.swarmedge.vip.config.InstanceConfig;
import io.swarmedge.vip.config.VipConfig;
import io.swarmedge.vip.os.Capabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every virtual router of one process; stops them cleanly on SIGTERM/SIGINT. */
public final class VipDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VipDaemon.class);

    private final VipConfig config;
    private final MeterRegistry registry;
    private final List<VrrpInstance> instances = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public VipDaemon(VipConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Checks capabilities and starts every instance; throws with a clear message on failure. */
    public synchronized void start() {
        Capabilities.requireNetworkAdmin();
        for (InstanceConfig c : config.instances()) {
            if (stopped.getCount() == 0) {
                return; // asked to stop while starting
            }
            VrrpInstance instance = new VrrpInstance(c, registry);
            instances.add(instance);
            instance.start();
        }
    }

    public List<VrrpInstance> instances() {
        return List.copyOf(instances);
    }

    /** Starts, then blocks until the JVM is asked to stop; a master hands over with priority 0. */
    public void runUntilShutdown() throws InterruptedException {
        // Registered first: a SIGTERM during start-up (checks may take seconds) waits for the
        // start to finish and then stops cleanly, a master with priority 0.
        Thread hook = new Thread(
                () -> {
                    LOG.info("event=shutdown_requested");
                    close();
                },
                "vip-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            start();
        } catch (RuntimeException e) {
            close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            throw e;
        }
        stopped.await();
    }

    @Override
    public synchronized void close() {
        for (VrrpInstance i : instances.reversed()) {
            i.close();
        }
        instances.clear();
        stopped.countDown();
    }
}
