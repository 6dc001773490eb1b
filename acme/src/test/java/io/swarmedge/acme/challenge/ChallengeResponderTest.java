package io.swarmedge.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.store.DirectoryStore;
import io.swarmedge.acme.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChallengeResponderTest {
    @TempDir
    Path dir;

    @Test
    void answersWhatAnotherReplicaPublished() {
        DirectoryStore ordering = DirectoryStore.open(dir, Clock.systemUTC());
        DirectoryStore answering = DirectoryStore.open(dir, Clock.systemUTC());
        ChallengePublisher publisher = new ChallengePublisher(ordering, Clock.systemUTC());
        ChallengeResponder responder = new ChallengeResponder(answering);
        String token = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";

        publisher.publishHttp(token, token + ".thumbprint");
        assertThat(responder.httpAnswerForPath("/.well-known/acme-challenge/" + token))
                .hasValue(token + ".thumbprint");

        var cert = TestCertificates.issue(
                DomainSet.of("a.example.com"), Instant.now(), Instant.now().plusSeconds(60));
        publisher.publishAlpn(new AlpnCertificate("a.example.com", cert.leaf(), cert.key()));
        assertThat(responder.alpnCertificate("A.example.com"))
                .hasValueSatisfying(a -> assertThat(a.certificate()).isEqualTo(cert.leaf()));

        assertThat(responder
                        .httpAnswerForPathAsync("/.well-known/acme-challenge/" + token)
                        .join())
                .hasValue(token + ".thumbprint");
        assertThat(responder.alpnCertificateAsync("a.example.com").join()).isPresent();

        publisher.withdrawHttp(token);
        publisher.withdrawAlpn("a.example.com");
        assertThat(responder.httpAnswer(token)).isEmpty();
        assertThat(responder.alpnCertificate("a.example.com")).isEmpty();
    }

    @Test
    void tokensStartingWithADashAreAnsweredToo() {
        // base64url tokens start with '-' about one time in 64 (seen against pebble)
        DirectoryStore store = DirectoryStore.open(dir, Clock.systemUTC());
        ChallengePublisher publisher = new ChallengePublisher(store, Clock.systemUTC());
        ChallengeResponder responder = new ChallengeResponder(store);
        String token = "-k9JQe0zjScJopMFoV-AO-BQ7t1axKrVFnDkuhDjZ2U";

        publisher.publishHttp(token, token + ".thumbprint");

        assertThat(responder.httpAnswerForPath("/.well-known/acme-challenge/" + token))
                .hasValue(token + ".thumbprint");
        publisher.withdrawHttp(token);
        assertThat(responder.httpAnswer(token)).isEmpty();
    }

    @Test
    void malformedRequestsNeverReachTheStore() throws Exception {
        ChallengeResponder responder = new ChallengeResponder(DirectoryStore.open(dir, Clock.systemUTC()));
        for (String path : new String[] {
            "/.well-known/acme-challenge/../../accounts/le",
            "/.well-known/acme-challenge/short",
            "/.well-known/acme-challenge/" + "a".repeat(200),
            "/.well-known/acme-challenge/with%2Fslash-aaaaaaaaaaaaaaa",
            "/other"
        }) {
            assertThat(responder.httpAnswerForPath(path)).as(path).isEmpty();
        }
        assertThat(responder.alpnCertificate("../x")).isEmpty();
        assertThat(responder.alpnCertificate("-bad.example.com")).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aCorruptAnswerIsNoAnswer() throws Exception {
        Files.createDirectories(dir.resolve("challenges/tls-alpn-01"));
        Files.writeString(dir.resolve("challenges/tls-alpn-01/b.example.com"), "{not json");
        assertThat(new ChallengeResponder(DirectoryStore.open(dir, Clock.systemUTC())).alpnCertificate("b.example.com"))
                .isEmpty();
    }

    @Test
    void answersLeftBehindAreSweptOnceOld() throws Exception {
        io.swarmedge.acme.testing.MutableClock clock =
                new io.swarmedge.acme.testing.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        DirectoryStore store = DirectoryStore.open(dir, clock);
        ChallengePublisher publisher = new ChallengePublisher(store, clock);
        publisher.publishHttp("old-token-aaaaaaaaaaaaaa", "old-token-aaaaaaaaaaaaaa.x");
        clock.advance(java.time.Duration.ofMinutes(50));
        publisher.publishHttp("new-token-aaaaaaaaaaaaaa", "new-token-aaaaaaaaaaaaaa.x");
        Files.writeString(dir.resolve("challenges/http-01/garbage-aaaaaaaaaaaaaaaa"), "garbage");
        clock.advance(java.time.Duration.ofMinutes(11));

        assertThat(publisher.sweep(java.time.Duration.ofHours(1))).isEqualTo(2);
        assertThat(store.list("challenges/"))
                .extracting(k -> k.segments().getLast())
                .containsExactly("t_new-token-aaaaaaaaaaaaaa");
    }

    @Test
    void anAnswerForAnotherTokenIsNotServed() {
        DirectoryStore store = DirectoryStore.open(dir, Clock.systemUTC());
        new ChallengePublisher(store, Clock.systemUTC())
                .publishHttp("token-aaaaaaaaaaaaaaaaaa", "other-token.thumbprint");
        assertThat(new ChallengeResponder(store).httpAnswer("token-aaaaaaaaaaaaaaaaaa"))
                .isEmpty();
    }
}
