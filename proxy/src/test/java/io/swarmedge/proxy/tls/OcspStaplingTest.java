package io.swarmedge.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swarmedge.proxy.tls.ocsp.OcspAnswer;
import io.swarmedge.proxy.tls.ocsp.OcspException;
import io.swarmedge.proxy.tls.ocsp.OcspResponses;
import io.swarmedge.proxy.tls.ocsp.OcspStapling;
import io.swarmedge.proxy.tls.ocsp.OcspStatus;
import io.swarmedge.proxy.tls.ocsp.OcspTarget;
import io.swarmedge.proxy.tls.ocsp.Staple;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Checks on responder answers, and the refresh: last good answer kept until it expires, backoff. */
class OcspStaplingTest {
    private static final OcspTestPki PKI = new OcspTestPki("swarmedge OCSP unit CA");
    private static final ServerCertificate LEAF = PKI.leaf("unit.ocsp.test", "http://127.0.0.1:9/ocsp", false);
    private static final ServerCertificate OTHER = PKI.leaf("other.ocsp.test", "http://127.0.0.1:9/ocsp", false);

    private static OcspTarget target(ServerCertificate certificate) throws OcspException {
        return OcspTarget.of(certificate).orElseThrow();
    }

    @Test
    void readsTheResponderFromTheAuthorityInformationAccess() throws Exception {
        OcspTarget target = target(LEAF);
        assertThat(target.responder()).isEqualTo(URI.create("http://127.0.0.1:9/ocsp"));
        assertThat(target.issuer()).isEqualTo(PKI.ca());
        assertThat(OcspTarget.of(PKI.leaf("plain.ocsp.test", null, false))).isEmpty();
        // a responder but no issuer in the chain: cannot be asked, said plainly
        ServerCertificate alone =
                new ServerCertificate(List.of(LEAF.leaf()), LEAF.key(), LEAF.names(), LEAF.keyType(), "alone");
        assertThatThrownBy(() -> OcspTarget.of(alone))
                .isInstanceOf(OcspException.class)
                .hasMessageContaining("no issuer certificate");
    }

    @Test
    void acceptsOnlyCurrentAnswersAboutThisCertificateSignedByItsIssuer() throws Exception {
        Instant now = Instant.now();
        OcspTarget target = target(LEAF);

        OcspAnswer good = OcspResponses.validate(PKI.answer(LEAF, false, now, now.plusSeconds(600)), target, now);
        assertThat(good.status()).isEqualTo(OcspStatus.GOOD);
        assertThat(good.halfway()).isEqualTo(now.plusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(OcspResponses.validate(PKI.answer(LEAF, true, now, now.plusSeconds(600)), target, now)
                        .status())
                .isEqualTo(OcspStatus.REVOKED);
        // no nextUpdate: kept an hour after thisUpdate
        assertThat(OcspResponses.validate(PKI.answer(LEAF, false, now, null), target, now)
                        .nextUpdate())
                .isEqualTo(
                        now.plus(OcspResponses.WITHOUT_NEXT_UPDATE).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        assertThatThrownBy(() -> OcspResponses.validate(PKI.forgedAnswer(LEAF, now, now.plusSeconds(600)), target, now))
                .hasMessageContaining("not signed by the issuer");
        assertThatThrownBy(
                        () -> OcspResponses.validate(PKI.answer(OTHER, false, now, now.plusSeconds(600)), target, now))
                .hasMessageContaining("not about certificate serial " + target.serial());
        assertThatThrownBy(() -> OcspResponses.validate(
                        PKI.answer(LEAF, false, now.minusSeconds(1200), now.minusSeconds(600)), target, now))
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> OcspResponses.validate(
                        PKI.answer(LEAF, false, now.plusSeconds(3600), now.plusSeconds(7200)), target, now))
                .hasMessageContaining("in the future");
        assertThatThrownBy(() -> OcspResponses.validate(new byte[] {1, 2, 3}, target, now))
                .hasMessageContaining("not an OCSP response");
    }

    @Test
    void keepsTheLastGoodAnswerWhileTheResponderFailsUntilItExpires() throws Exception {
        AtomicReference<byte[]> next = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OcspStapling.Settings settings = new OcspStapling.Settings(
                Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(400));
        try (OcspStapling stapling = new OcspStapling(
                target -> {
                    calls.incrementAndGet();
                    byte[] answer = next.get();
                    if (answer == null) {
                        throw new OcspException("responder down");
                    }
                    return answer;
                },
                Clock.systemUTC(),
                settings,
                registry)) {
            Instant now = Instant.now();
            // valid for 3 s: asked again halfway, then the responder goes away
            next.set(PKI.answer(LEAF, false, now.minusSeconds(1), now.plusSeconds(3)));
            Staple staple = stapling.stapleFor(LEAF).orElseThrow();
            assertThat(stapling.stapleFor(LEAF)).containsSame(staple);
            await().atMost(Duration.ofSeconds(5)).until(() -> staple.response(System.currentTimeMillis()) != null);
            next.set(null);
            int before = calls.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= before + 2);
            // failing, yet the good answer is still stapled until its nextUpdate
            assertThat(staple.response(System.currentTimeMillis())).isNotNull();
            assertThat(registry.counter("swarmedge.tls.ocsp.fetches", "result", "failed")
                            .count())
                    .isGreaterThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(6)).until(() -> staple.response(System.currentTimeMillis()) == null);
            assertThat(Instant.now())
                    .isAfterOrEqualTo(now.plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            // the responder is back: stapled again
            next.set(PKI.answer(LEAF, false, Instant.now(), Instant.now().plusSeconds(60)));
            await().atMost(Duration.ofSeconds(5)).until(() -> staple.response(System.currentTimeMillis()) != null);
        }
    }

    @Test
    void backsOffExponentiallyUpToTheLimit() {
        OcspStapling.Settings settings = OcspStapling.Settings.DEFAULT;
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(settings.backoff(30)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void saysWhenACertificateWithAResponderCannotBeStapled() {
        ServerCertificate alone =
                new ServerCertificate(List.of(LEAF.leaf()), LEAF.key(), LEAF.names(), LEAF.keyType(), "alone");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TlsServices services = new TlsServices(
                OcspStapling.start(registry),
                new SessionTicketKeys(new java.security.SecureRandom()),
                Duration.ofHours(12))) {
            // the JDK engine cannot staple: a warning naming the certificate, the handshake still served
            TlsContexts jdk = TlsContexts.build(
                    io.swarmedge.config.dynamic.TlsConfig.EMPTY,
                    TlsContexts.Selection.defaults(),
                    List.of(LEAF),
                    TestCertificates.GENERATOR,
                    TlsEngine.JDK,
                    services);
            assertThat(jdk.warnings())
                    .anySatisfy(w -> assertThat(w)
                            .startsWith("event=tls_ocsp_stapling_off certificate=\"ocsp test unit.ocsp.test\"")
                            .contains("needs the OpenSSL engine"));
            assertThat(jdk.contextFor("unit.ocsp.test")).isPresent();
            if (TlsEngine.OPENSSL.isAvailable()) {
                // a responder but no issuer in the chain: a problem line, served without stapling
                TlsContexts openSsl = TlsContexts.build(
                        io.swarmedge.config.dynamic.TlsConfig.EMPTY,
                        TlsContexts.Selection.defaults(),
                        List.of(alone),
                        TestCertificates.GENERATOR,
                        TlsEngine.OPENSSL,
                        services);
                assertThat(openSsl.problems())
                        .anySatisfy(p -> assertThat(p)
                                .startsWith("event=tls_ocsp_unusable certificate=\"alone\"")
                                .contains("stapling=off"));
                assertThat(openSsl.contextFor("unit.ocsp.test")).isPresent();
            }
        }
    }
}
