package io.swarmedge.acme.testing;

import com.sun.net.httpserver.HttpServer;
import io.swarmedge.acme.challenge.AlpnCertificate;
import io.swarmedge.acme.challenge.ChallengeResponder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A stand-in for the proxy's challenge wiring: answers HTTP-01 on {@code httpPort} and TLS-ALPN-01
 * on {@code tlsPort} (127.0.0.1) from a {@link ChallengeResponder}, counting the answers it gave.
 */
public final class ChallengeServer implements AutoCloseable {
    private final List<ChallengeResponder> responders;
    private final AtomicInteger turn = new AtomicInteger();
    private final HttpServer http;
    private final SSLServerSocket tls;
    private final Thread tlsAcceptor;
    public final AtomicInteger httpAnswers = new AtomicInteger();
    public final AtomicInteger alpnAnswers = new AtomicInteger();

    public ChallengeServer(ChallengeResponder responder, int httpPort, int tlsPort) throws Exception {
        this(List.of(responder), httpPort, tlsPort);
    }

    /** Hands each request to the next responder in turn, as a load balancer spreads the CA's requests. */
    public ChallengeServer(List<ChallengeResponder> responders, int httpPort, int tlsPort) throws Exception {
        this.responders = List.copyOf(responders);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        http = HttpServer.create(new InetSocketAddress(loopback, httpPort), 16);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", exchange -> {
            Optional<String> answer =
                    next().httpAnswerForPath(exchange.getRequestURI().getPath());
            byte[] body = answer.orElse("not found").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(answer.isPresent() ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            if (answer.isPresent()) {
                httpAnswers.incrementAndGet();
            }
        });
        http.start();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new AlpnKeyManager()}, null, null);
        tls = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(tlsPort, 16, loopback);
        tlsAcceptor = Thread.ofVirtual().start(this::acceptTls);
    }

    private ChallengeResponder next() {
        return responders.get(Math.floorMod(turn.getAndIncrement(), responders.size()));
    }

    private void acceptTls() {
        while (!tls.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) tls.accept();
                Thread.ofVirtual().start(() -> handshake(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handshake(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.setHandshakeApplicationProtocolSelector(
                    (s, offered) -> offered.contains(AlpnCertificate.ACME_TLS_1) ? AlpnCertificate.ACME_TLS_1 : null);
            socket.startHandshake();
            if (AlpnCertificate.ACME_TLS_1.equals(socket.getApplicationProtocol())) {
                alpnAnswers.incrementAndGet();
            }
        } catch (IOException e) {
            // the validator closes after the handshake; failed handshakes are the test's business
        }
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        tls.close();
        tlsAcceptor.interrupt();
    }

    /** Picks the validation certificate by SNI name. */
    private final class AlpnKeyManager extends X509ExtendedKeyManager {
        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() instanceof ExtendedSSLSession session) {
                return session.getRequestedServerNames().stream()
                        .filter(n -> n instanceof SNIHostName)
                        .map(n -> ((SNIHostName) n).getAsciiName())
                        .findFirst()
                        .filter(name -> next().alpnCertificate(name)
                                .map(a -> a.key().getAlgorithm().equals(keyType))
                                .orElse(false))
                        .orElse(null);
            }
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return next().alpnCertificate(alias)
                    .map(a -> new X509Certificate[] {a.certificate()})
                    .orElse(null);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return next().alpnCertificate(alias).map(AlpnCertificate::key).orElse(null);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }
    }
}
