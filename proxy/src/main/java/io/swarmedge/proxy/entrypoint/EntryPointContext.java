package io.swarmedge.proxy.entrypoint;

import io.netty.channel.group.ChannelGroup;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.proxy.observability.AccessLogEntry;
import io.swarmedge.proxy.observability.ProxyMetrics;
import io.swarmedge.proxy.runtime.Runtime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What every connection of one entrypoint shares: settings, the current runtime, metrics, logs. */
final class EntryPointContext {
    final EntryPoint config;
    final String name;
    final TrustedNetworks trusted;
    final Supplier<Runtime> runtime;
    final ProxyMetrics metrics;
    final AtomicInteger openConnections;
    final Consumer<AccessLogEntry> accessLog;
    final AtomicLong requestCount;
    final InternalEndpoints internal;
    final String serverName;
    final ChannelGroup connections;
    final long readTimeoutNanos;
    final long idleTimeoutNanos;
    final long keepAliveMaxNanos;
    final long writeTimeoutNanos;
    /**
     * Shutdown started (SIGTERM): every HTTP/1.1 response says {@code Connection: close} and HTTP/2
     * connections get GOAWAY after their first stream, so clients move to a new connection.
     */
    volatile boolean draining;
    /** The entrypoint stopped accepting: a connection accepted just before serves one request at most. */
    volatile boolean stopped;
    /** Connections whose output is shut and that only wait for the client to close (nothing to finish). */
    final AtomicInteger lingering = new AtomicInteger();

    EntryPointContext(
            EntryPoint config,
            TrustedNetworks trusted,
            Supplier<Runtime> runtime,
            ProxyMetrics metrics,
            Consumer<AccessLogEntry> accessLog,
            AtomicLong requestCount,
            InternalEndpoints internal,
            String serverName,
            ChannelGroup connections) {
        this.config = config;
        this.name = config.name();
        this.trusted = trusted;
        this.runtime = runtime;
        this.metrics = metrics;
        this.openConnections = metrics.openConnections(config.name());
        this.accessLog = accessLog;
        this.requestCount = requestCount;
        this.internal = internal;
        this.serverName = serverName;
        this.connections = connections;
        this.readTimeoutNanos = config.timeouts().readTimeout().toNanos();
        this.idleTimeoutNanos = config.timeouts().idleTimeout().toNanos();
        this.keepAliveMaxNanos = config.limits().keepAliveMaxTime().toNanos();
        this.writeTimeoutNanos = config.timeouts().writeTimeout().toNanos();
    }
}
