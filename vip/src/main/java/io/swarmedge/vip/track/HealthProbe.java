package io.swarmedge.vip.track;

import io.swarmedge.vip.config.CheckSpec;
import io.swarmedge.vip.os.NetworkLink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Runs one check once; blocking, so callers run it on a virtual thread. */
public sealed interface HealthProbe {
    /** Runs the check once; any error or a timeout is {@link ProbeResult#FAILED}. */
    ProbeResult probe(Duration timeout);

    static HealthProbe of(CheckSpec spec) {
        return switch (spec) {
            case CheckSpec.Script s -> new ScriptProbe(s.command());
            case CheckSpec.DockerPing d -> new DockerPingProbe(d.socket());
            case CheckSpec.HttpGet h -> new HttpProbe(h.url(), h.insecure());
            case CheckSpec.ProxyPing p -> new ProxyPingProbe(new HttpProbe(p.url(), false));
            case CheckSpec.InterfaceUp i -> new InterfaceProbe(new NetworkLink(i.name()));
        };
    }

    /** Exit status 0 within the timeout; killed otherwise. */
    record ScriptProbe(List<String> command) implements HealthProbe {
        @Override
        public ProbeResult probe(Duration timeout) {
            return ProbeResult.of(succeeds(timeout));
        }

        private boolean succeeds(Duration timeout) {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                return false;
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    return false;
                }
                return process.exitValue() == 0;
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** {@code GET /_ping} on the Docker socket, answered {@code 200 OK}: no fork, no client library. */
    record DockerPingProbe(Path socket) implements HealthProbe {
        @Override
        public ProbeResult probe(Duration timeout) {
            return ProbeResult.of(answers200(timeout));
        }

        private boolean answers200(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try (SocketChannel channel = SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
                // A watchdog closes the channel so a stuck daemon cannot hold the check past its timeout.
                Thread watchdog = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                        channel.close();
                    } catch (InterruptedException | IOException ignored) {
                        // check finished first
                    }
                });
                try {
                    channel.write(ByteBuffer.wrap(
                            "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                    ByteBuffer reply = ByteBuffer.allocate(64);
                    while (reply.hasRemaining() && channel.read(reply) > 0) {
                        if (reply.position() >= 12) {
                            break;
                        }
                    }
                    String status = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
                    return status.matches("(?s)HTTP/1\\.[01] 200.*");
                } finally {
                    watchdog.interrupt();
                }
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** An HTTP(S) GET answered with a 2xx status; one client per check, so connections are reused. */
    final class HttpProbe implements HealthProbe {
        private final URI url;
        private final HttpClient client;

        public HttpProbe(URI url, boolean insecure) {
            this.url = url;
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1);
            if (insecure) {
                builder.sslContext(trustAll());
            }
            this.client = builder.build();
        }

        public URI url() {
            return url;
        }

        @Override
        public ProbeResult probe(Duration timeout) {
            return ProbeResult.of(status(timeout) / 100 == 2);
        }

        /** The answer's status code, or -1 when there was no answer within the timeout. */
        int status(Duration timeout) {
            try {
                HttpResponse<InputStream> response = client.send(
                        HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    body.readNBytes(4096);
                }
                return response.statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        private static SSLContext trustAll() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(
                        null,
                        new TrustManager[] {
                            new X509TrustManager() {
                                @Override
                                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                                @Override
                                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                                @Override
                                public X509Certificate[] getAcceptedIssuers() {
                                    return new X509Certificate[0];
                                }
                            }
                        },
                        new SecureRandom());
                return context;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The local swarmedge proxy's {@code /ping}: 2xx is healthy; 503, its answer before it has a
     * configuration and while it drains, is {@link ProbeResult#NOT_SERVING}; anything else failed.
     */
    record ProxyPingProbe(HttpProbe http) implements HealthProbe {
        @Override
        public ProbeResult probe(Duration timeout) {
            int status = http.status(timeout);
            if (status / 100 == 2) {
                return ProbeResult.HEALTHY;
            }
            return status == 503 ? ProbeResult.NOT_SERVING : ProbeResult.FAILED;
        }
    }

    /** The interface is up with carrier. */
    record InterfaceProbe(NetworkLink link) implements HealthProbe {
        @Override
        public ProbeResult probe(Duration timeout) {
            return ProbeResult.of(link.isUp());
        }
    }
}
