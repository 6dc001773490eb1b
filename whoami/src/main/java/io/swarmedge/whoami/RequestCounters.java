package io.swarmedge.whoami;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts shared by every connection of one server; read through {@link WhoamiServer}. */
final class RequestCounters {
    /** Distinct paths counted one by one; later new paths are not counted per path (hostile input). */
    static final int MAX_PATHS = 1024;

    final LongAdder requests = new LongAdder();
    final LongAdder acceptedConnections = new LongAdder();
    final AtomicLong openConnections = new AtomicLong();
    final LongAdder webSocketSessions = new LongAdder();
    private final ConcurrentMap<String, LongAdder> byPath = new ConcurrentHashMap<>();

    void request(String path) {
        requests.increment();
        LongAdder count = byPath.get(path);
        if (count == null && byPath.size() < MAX_PATHS) {
            count = byPath.computeIfAbsent(path, p -> new LongAdder());
        }
        if (count != null) {
            count.increment();
        }
    }

    long requests(String path) {
        LongAdder count = byPath.get(path);
        return count == null ? 0 : count.sum();
    }
}
