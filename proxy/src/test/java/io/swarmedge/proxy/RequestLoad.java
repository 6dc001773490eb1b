package io.swarmedge.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Clients that GET one URL in a loop until closed, counting answers: a 200 is a success (handed to
 * an observer, e.g. to read a header), anything else — another status, a timeout, a reset — a
 * failure, the first of which is kept for the assertion message.
 */
final class RequestLoad implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final ExecutorService threads;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final List<Future<?>> loops = new ArrayList<>();

    private RequestLoad(int clients) {
        this.threads = Executors.newFixedThreadPool(clients);
    }

    /** Starts {@code clients} loops sharing {@code client}; {@code onOk} sees every 200. */
    static RequestLoad start(HttpClient client, URI uri, int clients, Consumer<HttpResponse<String>> onOk) {
        RequestLoad load = new RequestLoad(clients);
        for (int t = 0; t < clients; t++) {
            load.loops.add(load.threads.submit(() -> load.run(client, uri, onOk)));
        }
        return load;
    }

    /** Starts {@code clients} loops sharing {@code client}. */
    static RequestLoad start(HttpClient client, URI uri, int clients) {
        return start(client, uri, clients, response -> {});
    }

    private void run(HttpClient client, URI uri, Consumer<HttpResponse<String>> onOk) {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build();
        while (running.get()) {
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                    onOk.accept(r);
                } else {
                    fail(r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                fail(e.toString());
            }
        }
    }

    private void fail(String what) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, what);
    }

    /** Successful requests so far. */
    int ok() {
        return ok.get();
    }

    /** Failed requests so far. */
    int failed() {
        return failed.get();
    }

    /** The first failure, as status and body or exception. */
    Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    /** Stops the loops and waits for their last requests (each bounded by its timeout). */
    void stop() throws Exception {
        running.set(false);
        try {
            for (Future<?> loop : loops) {
                loop.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Override
    public void close() {
        running.set(false);
        threads.shutdownNow();
    }
}
