package io.swarmedge.proxy.observability;

import io.swarmedge.config.staticconfig.AccessLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the access log off the event loops: requests enqueue an entry (never blocking; when the
 * bounded queue is full the entry is dropped and counted) and one writer thread formats and writes
 * lines in Traefik's common (CLF-like) or JSON format.
 */
public final class AccessLogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final int QUEUE = 16_384;

    private final BlockingQueue<AccessLogEntry> queue;
    private final AccessLog.Format format;
    private final Writer out;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /** A writer for {@code config}: standard output or the file (appended, created if needed). */
    public static AccessLogWriter open(AccessLog config) throws IOException {
        OutputStream stream = config.filePath().isEmpty()
                ? System.out
                : Files.newOutputStream(
                        Path.of(config.filePath()), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new AccessLogWriter(stream, config.format(), Math.max(QUEUE, config.bufferingSize()));
    }

    AccessLogWriter(OutputStream stream, AccessLog.Format format, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.format = format;
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        this.thread = Thread.ofPlatform().daemon().name("access-log").start(this::run);
    }

    /** Queues an entry; drops (and counts) it when the writer is behind. */
    public void log(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        StringBuilder line = new StringBuilder(256);
        try {
            while (!closed || !queue.isEmpty()) {
                AccessLogEntry e = queue.poll(200, TimeUnit.MILLISECONDS);
                if (e == null) {
                    continue;
                }
                do {
                    line.setLength(0);
                    if (format == AccessLog.Format.JSON) {
                        json(e, line);
                    } else {
                        common(e, line);
                    }
                    line.append('\n');
                    out.append(line);
                } while ((e = queue.poll()) != null);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("access-log write failed error=\"{}\"", e.getMessage());
        } finally {
            try {
                out.flush();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Traefik's common format: CLF plus request count, router, server URL and duration. */
    static void common(AccessLogEntry e, StringBuilder b) {
        b.append(e.clientIp()).append(" - - [").append(CLF_TIME.format(Instant.ofEpochMilli(e.startMillis())));
        b.append("] \"")
                .append(e.method())
                .append(' ')
                .append(e.uri())
                .append(' ')
                .append(e.protocol());
        b.append("\" ").append(e.status() == 0 ? "-" : Integer.toString(e.status()));
        b.append(' ').append(e.responseBytes());
        b.append(" \"")
                .append(e.referer())
                .append("\" \"")
                .append(e.userAgent())
                .append("\" ");
        b.append(e.requestCount())
                .append(" \"")
                .append(e.router())
                .append("\" \"")
                .append(e.serverUrl());
        b.append("\" ").append(TimeUnit.NANOSECONDS.toMillis(e.durationNanos())).append("ms");
    }

    /** Traefik's JSON field names. */
    static void json(AccessLogEntry e, StringBuilder b) {
        b.append('{');
        field(b, "ClientAddr", e.clientIp() + ":" + e.clientPort()).append(',');
        field(b, "ClientHost", e.clientIp()).append(',');
        b.append("\"ClientPort\":\"").append(e.clientPort()).append("\",");
        b.append("\"DownstreamContentSize\":").append(e.responseBytes()).append(',');
        b.append("\"DownstreamStatus\":").append(e.status()).append(',');
        b.append("\"Duration\":").append(e.durationNanos()).append(',');
        b.append("\"RequestCount\":").append(e.requestCount()).append(',');
        field(b, "RequestHost", e.host()).append(',');
        field(b, "RequestMethod", e.method()).append(',');
        field(b, "RequestPath", e.uri()).append(',');
        field(b, "RequestProtocol", e.protocol()).append(',');
        field(b, "RouterName", e.router()).append(',');
        field(b, "ServiceName", e.service()).append(',');
        field(b, "ServiceURL", e.serverUrl()).append(',');
        field(b, "StartUTC", Instant.ofEpochMilli(e.startMillis()).toString()).append(',');
        field(b, "entryPointName", e.entryPoint()).append(',');
        field(b, "request_Referer", e.referer()).append(',');
        field(b, "request_User-Agent", e.userAgent()).append(',');
        field(b, "level", "info").append(',');
        field(b, "msg", "").append(',');
        field(b, "time", Instant.now().toString());
        b.append('}');
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
