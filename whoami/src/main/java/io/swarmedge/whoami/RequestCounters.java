package io.swarmedge.whoami;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts shared by every connection of one server; read through {@link WhoamiServer}. */
final class RequestCounters {
    final LongAdder requests = new LongAdder();
    final LongAdder acceptedConnections = new LongAdder();
    final AtomicLong openConnections = new AtomicLong();
    final LongAdder webSocketSessions = new LongAdder();
}
