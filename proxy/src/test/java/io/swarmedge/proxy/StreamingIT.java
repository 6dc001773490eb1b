package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.internal.PlatformDependent;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 1 GiB bodies stream through the proxy in both directions with flat memory: heap (after GC) and
 * Netty's direct memory stay within a small bound while the bytes flow.
 */
class StreamingIT {
    private static final long GIB = Long.getLong("swarmedge.streaming.bytes", 1L << 30);
    private static final long BOUND = 64L << 20;
    static WhoamiServer backend;
    static ProxyServer proxy;
    static int port;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /** Own threads: the common pool may have a single thread here, and writer and reader must overlap. */
    private static final ExecutorService IO = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
        EntryPoint web = entryPoint(
                "web",
                new EntryPoint.RespondingTimeouts(Duration.ofMinutes(5), Duration.ZERO, Duration.ofMinutes(5)),
                EntryPoint.Limits.DEFAULT);
        proxy = ProxyServer.start(staticConfig(web), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
        proxy.apply(config(Map.of("a@file", router("PathPrefix(`/`)", "a@file")), Map.of("a@file", lb(backend.uri()))));
        port = proxy.port("web");
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
        IO.shutdownNow();
    }

    private static long heapAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Samples memory when the transfer passes 25 %, 50 % and 75 %; returns the largest growth. */
    private static long[] watch(
            AtomicLong progress, long total, CompletableFuture<?> done, long heapBase, long directBase)
            throws Exception {
        long maxHeap = 0;
        long maxDirect = 0;
        for (int quarter = 1; quarter <= 3; quarter++) {
            long target = total * quarter / 4;
            while (progress.get() < target && !done.isDone()) {
                done.getNow(null);
                TimeUnit.MILLISECONDS.sleep(20); // polling the byte counter of a running transfer
            }
            maxHeap = Math.max(maxHeap, heapAfterGc() - heapBase);
            maxDirect = Math.max(maxDirect, PlatformDependent.usedDirectMemory() - directBase);
        }
        return new long[] {maxHeap, maxDirect};
    }

    @Test
    void oneGibUploadIsEchoedBackWithFlatMemory() throws Exception {
        long heapBase = heapAfterGc();
        long directBase = PlatformDependent.usedDirectMemory();
        AtomicLong received = new AtomicLong();
        try (RawHttp http = new RawHttp(port)) {
            http.socket.setSoTimeout(60_000);
            http.send("POST /echo HTTP/1.1\r\nHost: a.test\r\nContent-Length: " + GIB + "\r\n\r\n");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(
                    () -> {
                        try {
                            byte[] chunk = new byte[64 * 1024];
                            for (long sent = 0; sent < GIB; sent += chunk.length) {
                                http.out.write(chunk);
                            }
                            http.out.flush();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    IO);
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            String status = http.line();
                            String line;
                            boolean chunked = false;
                            while (!(line = http.line()).isEmpty()) {
                                chunked |= line.toLowerCase().startsWith("transfer-encoding: chunked");
                            }
                            drain(http.in, chunked, received);
                            return Integer.parseInt(status.split(" ")[1]);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    IO);
            long[] growth = watch(received, GIB, reader, heapBase, directBase);
            writer.get(5, TimeUnit.MINUTES);
            assertThat(reader.get(5, TimeUnit.MINUTES)).isEqualTo(200);
            assertThat(received.get()).isEqualTo(GIB);
            assertThat(growth[0]).as("heap growth").isLessThan(BOUND);
            assertThat(growth[1]).as("direct memory growth").isLessThan(BOUND);
        }
    }

    @Test
    void oneGibDownloadWithFlatMemory() throws Exception {
        long heapBase = heapAfterGc();
        long directBase = PlatformDependent.usedDirectMemory();
        AtomicLong received = new AtomicLong();
        try (RawHttp http = new RawHttp(port)) {
            http.socket.setSoTimeout(60_000);
            http.send("GET /data?size=" + GIB + " HTTP/1.1\r\nHost: a.test\r\n\r\n");
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            String status = http.line();
                            String line;
                            boolean chunked = false;
                            while (!(line = http.line()).isEmpty()) {
                                chunked |= line.toLowerCase().startsWith("transfer-encoding: chunked");
                            }
                            drain(http.in, chunked, received);
                            return Integer.parseInt(status.split(" ")[1]);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    IO);
            long[] growth = watch(received, GIB, reader, heapBase, directBase);
            assertThat(reader.get(5, TimeUnit.MINUTES)).isEqualTo(200);
            assertThat(received.get()).isEqualTo(GIB);
            assertThat(growth[0]).as("heap growth").isLessThan(BOUND);
            assertThat(growth[1]).as("direct memory growth").isLessThan(BOUND);
        }
    }

    /** Reads a body to its end (chunked or exactly 1 GiB), counting bytes without keeping them. */
    private static void drain(InputStream in, boolean chunked, AtomicLong received) throws Exception {
        byte[] buf = new byte[64 * 1024];
        if (!chunked) {
            long left = GIB;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
                received.addAndGet(n);
            }
            return;
        }
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return;
                }
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                in.read();
                in.read();
                return;
            }
            int left = n;
            while (left > 0) {
                int r = in.read(buf, 0, Math.min(buf.length, left));
                if (r < 0) {
                    return;
                }
                left -= r;
                received.addAndGet(r);
            }
            in.read();
            in.read();
        }
    }
}
