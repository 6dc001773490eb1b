package io.swarmedge.proxy.tls.grading;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx serving HTTPS on a free loopback port, as a foreground process from a directory of its
 * own (configuration, pid file, error log, temp paths), stopped by PID.
 */
final class NginxServer implements AutoCloseable {
    /**
     * The TLS settings of the server block.
     *
     * @param protocols {@code ssl_protocols}
     * @param ciphers {@code ssl_ciphers} (TLS 1.2 and older; TLS 1.3 suites are OpenSSL's defaults)
     * @param rejectUnknownNames a {@code default_server} with {@code ssl_reject_handshake on}: handshakes
     *     without a known SNI name are refused, as Traefik's {@code sniStrict: true} does
     * @param hstsSeconds {@code Strict-Transport-Security: max-age}, 0 for no header
     */
    record Tls(String protocols, String ciphers, boolean rejectUnknownNames, long hstsSeconds) {
        /** The seed's {@code tls.options.default} and {@code hsts} middleware, in nginx's words. */
        static Tls seed() {
            return new Tls(
                    "TLSv1.2 TLSv1.3",
                    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305",
                    true,
                    63_072_000L);
        }

        /**
         * A server that must fail: TLS 1.0 and 1.1 (OpenSSL 3 needs security level 0 for their SHA-1
         * handshake signatures), CBC suites, no HSTS.
         */
        static Tls weak() {
            return new Tls(
                    "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3",
                    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:@SECLEVEL=0",
                    false,
                    0L);
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dir;
    private final int port;

    private NginxServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts nginx in {@code dir} serving {@code pki}'s certificate for its name; returns once it listens. */
    static NginxServer start(Path nginx, Path dir, GradingPki pki, Tls tls) {
        int port = LoopbackPorts.free();
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("nginx.conf"), config(dir, port, pki, tls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(
                            nginx.toString(),
                            "-p",
                            dir.toString(),
                            "-c",
                            dir.resolve("nginx.conf").toString(),
                            // before the configuration is read, nginx opens its built-in error log unless told
                            "-e",
                            dir.resolve("error.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + nginx, e);
        }
        NginxServer server = new NginxServer(process, dir, port);
        try {
            await("nginx listening on 127.0.0.1:" + port)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || LoopbackPorts.accepts(port));
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "nginx exited with " + process.exitValue() + " at start; error log: " + server.errorLog());
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    static String config(Path dir, int port, GradingPki pki, Tls tls) {
        String listen = "127.0.0.1:" + port;
        StringBuilder c = new StringBuilder();
        c.append("daemon off;\n")
                // One process: the test stops exactly the PID it started.
                .append("master_process off;\n")
                .append("worker_processes 1;\n")
                .append("pid ")
                .append(dir.resolve("nginx.pid"))
                .append(";\n")
                .append("error_log ")
                .append(dir.resolve("error.log"))
                .append(" warn;\n")
                .append("events { worker_connections 512; }\n")
                .append("http {\n")
                .append("  access_log off;\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            c.append("  ")
                    .append(temp)
                    .append("_temp_path ")
                    .append(dir.resolve("tmp"))
                    .append(";\n");
        }
        c.append("  ssl_protocols ").append(tls.protocols()).append(";\n");
        c.append("  ssl_ciphers ").append(tls.ciphers()).append(";\n");
        c.append("  ssl_prefer_server_ciphers on;\n");
        if (tls.rejectUnknownNames()) {
            c.append("  server { listen ").append(listen).append(" ssl default_server; ssl_reject_handshake on; }\n");
        }
        c.append("  server {\n")
                .append("    listen ")
                .append(listen)
                .append(" ssl;\n")
                .append("    server_name ")
                .append(pki.serverName())
                .append(";\n")
                .append("    ssl_certificate ")
                .append(pki.chainPem())
                .append(";\n")
                .append("    ssl_certificate_key ")
                .append(pki.keyPem())
                .append(";\n");
        if (tls.hstsSeconds() > 0) {
            c.append("    add_header Strict-Transport-Security \"max-age=")
                    .append(tls.hstsSeconds())
                    .append("\" always;\n");
        }
        c.append("    location / { return 200 \"graded\\n\"; }\n")
                .append("  }\n")
                .append("}\n");
        return c.toString();
    }

    int port() {
        return port;
    }

    String errorLog() {
        try {
            return Files.readString(dir.resolve("error.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no error log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                ExternalCommand.kill(process);
            }
        } catch (InterruptedException e) {
            ExternalCommand.kill(process);
            Thread.currentThread().interrupt();
        }
    }
}
