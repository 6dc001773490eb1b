package io.swarmedge.acme.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.Pem;
import io.swarmedge.acme.challenge.AlpnCertificate;
import io.swarmedge.acme.challenge.ChallengePublisher;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.acme.store.HeldLock;
import io.swarmedge.acme.store.StoreLayout;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to one resolver's CA with acme4j: registers (or finds) the account kept in the store, orders
 * certificates by answering HTTP-01 or TLS-ALPN-01 through the shared store, and revokes.
 *
 * <p>It does not lock or schedule: {@code CertificateKeeper} decides when to order and holds the
 * order lock. Every method blocks for up to a few times {@code stepTimeout}: run it on a virtual thread.
 */
public final class AcmeClient {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACME_ERROR = "urn:ietf:params:acme:error:";

    private final ResolverSettings settings;
    private final CertificateStore store;
    private final ChallengePublisher challenges;
    private final Duration stepTimeout;
    private final String owner;
    private final CaTrust provider;

    /**
     * @param owner this replica's identity, for the account lock
     * @param stepTimeout the longest wait for one step (a validation, the finalisation)
     */
    public AcmeClient(ResolverSettings settings, CertificateStore store, String owner, Duration stepTimeout) {
        Pem.registerProvider();
        this.settings = settings;
        this.store = store;
        this.challenges = new ChallengePublisher(store, java.time.Clock.systemUTC());
        this.stepTimeout = stepTimeout;
        this.owner = owner;
        this.provider = new CaTrust(settings.trustedCas());
    }

    public ResolverSettings settings() {
        return settings;
    }

    /**
     * Orders a certificate for {@code domains}.
     *
     * @throws AcmeOrderException naming the resolver, the names and what the CA said
     */
    public CertificateBundle order(DomainSet domains) throws AcmeOrderException {
        String what = "resolver " + settings.name() + " order for " + domains;
        try {
            return placeOrder(login(false), domains);
        } catch (AcmeServerException e) {
            if (e.getType().toString().equals(ACME_ERROR + "accountDoesNotExist")) {
                // the CA forgot the account (a test CA restarted, an account deactivated): register again
                LOG.warn("event=acme-account-unknown resolver={} action=register-again", settings.name());
                try {
                    return placeOrder(login(true), domains);
                } catch (AcmeException again) {
                    throw translate(what, again);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AcmeOrderException(what + ": interrupted", false, ie);
                }
            }
            throw translate(what, e);
        } catch (AcmeException e) {
            throw translate(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeOrderException(what + ": interrupted", false, e);
        } catch (AcmeConfigException e) {
            throw new AcmeOrderException(what + ": " + e.getMessage(), false, e);
        } catch (RuntimeException e) {
            throw new AcmeOrderException(what + ": " + e, false, e);
        }
    }

    /**
     * Revokes a certificate with this resolver's account.
     *
     * @throws AcmeOrderException when the CA refuses or cannot be reached
     */
    public void revoke(X509Certificate certificate) throws AcmeOrderException {
        String what = "resolver " + settings.name() + " revocation of "
                + certificate.getSerialNumber().toString(16);
        try {
            Certificate.revoke(login(false), certificate, RevocationReason.SUPERSEDED);
        } catch (AcmeException e) {
            throw translate(what, e);
        } catch (RuntimeException e) {
            throw new AcmeOrderException(what + ": " + e, false, e);
        }
    }

    private CertificateBundle placeOrder(Login login, DomainSet domains) throws AcmeException, InterruptedException {
        Order order = login.newOrder().domains(domains.names()).create();
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() != Status.VALID) {
                authorize(authorization);
            }
        }
        Status ready = poll(order, EnumSet.of(Status.READY, Status.VALID, Status.INVALID));
        if (ready != Status.READY) {
            throw new AcmeException("order not ready (" + ready + ")" + problem(order.getError()));
        }
        KeyPair keyPair = settings.keyType().generate();
        order.execute(keyPair);
        Status done = poll(order, EnumSet.of(Status.VALID, Status.INVALID));
        if (done != Status.VALID) {
            throw new AcmeException("order not completed (" + done + ")" + problem(order.getError()));
        }
        Certificate certificate = order.getCertificate();
        if (!settings.preferredChain().isEmpty()) {
            certificate = certificate.findCertificate(settings.preferredChain()).orElse(certificate);
        }
        CertificateBundle bundle =
                new CertificateBundle(domains, certificate.getCertificateChain(), keyPair.getPrivate());
        bundle.verify();
        return bundle;
    }

    private void authorize(Authorization authorization) throws AcmeException, InterruptedException {
        String domain = authorization.getIdentifier().getDomain();
        if (authorization.isWildcard()) {
            throw new AcmeException("*." + domain + " needs a DNS-01 challenge, which is not supported");
        }
        Optional<Http01Challenge> http =
                settings.http01() ? authorization.findChallenge(Http01Challenge.class) : Optional.empty();
        Optional<TlsAlpn01Challenge> alpn =
                settings.tlsAlpn01() ? authorization.findChallenge(TlsAlpn01Challenge.class) : Optional.empty();
        Challenge challenge;
        Runnable withdraw;
        if (http.isPresent()) {
            Http01Challenge c = http.get();
            challenges.publishHttp(c.getToken(), c.getAuthorization());
            challenge = c;
            withdraw = () -> challenges.withdrawHttp(c.getToken());
        } else if (alpn.isPresent()) {
            TlsAlpn01Challenge c = alpn.get();
            // acme4j signs the validation certificate with SHA256withRSA: it needs an RSA key
            KeyPair keyPair = KeyType.RSA2048.generate();
            X509Certificate certificate = c.createCertificate(keyPair, authorization.getIdentifier());
            challenges.publishAlpn(new AlpnCertificate(domain, certificate, keyPair.getPrivate()));
            challenge = c;
            withdraw = () -> challenges.withdrawAlpn(domain);
        } else {
            throw new AcmeException(domain + ": the CA offers no challenge this resolver answers (configured: "
                    + (settings.http01() ? "http-01 " : "") + (settings.tlsAlpn01() ? "tls-alpn-01" : "") + ")");
        }
        try {
            challenge.trigger();
            Status status = poll(challenge, EnumSet.of(Status.VALID, Status.INVALID));
            if (status != Status.VALID) {
                throw new AcmeException(
                        domain + ": " + challenge.getType() + " validation " + status + problem(challenge.getError()));
            }
            LOG.info(
                    "event=acme-challenge-valid resolver={} domain={} type={}",
                    settings.name(),
                    domain,
                    challenge.getType());
        } finally {
            try {
                withdraw.run();
            } catch (RuntimeException e) {
                LOG.warn("event=challenge-withdraw-failed domain={} error=\"{}\"", domain, e.getMessage());
            }
        }
    }

    /** The stored account for this resolver and CA, or a new one registered (under the account lock). */
    private Login login(boolean forceNew) throws AcmeException {
        Session session = new Session(settings.caServer(), provider);
        session.networkSettings().setTimeout(Duration.ofSeconds(30));
        if (!forceNew) {
            Optional<Login> stored = storedLogin(session);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        Instant giveUp = Instant.now().plus(stepTimeout);
        while (true) {
            Optional<HeldLock> lock =
                    HeldLock.tryAcquire(store, StoreLayout.accountLock(settings.name()), owner, Duration.ofSeconds(60));
            if (lock.isPresent()) {
                try (HeldLock held = lock.get()) {
                    if (!forceNew) {
                        Optional<Login> stored = storedLogin(session);
                        if (stored.isPresent()) {
                            return stored.get();
                        }
                    }
                    return register(session);
                }
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new AcmeException("another replica holds the account lock of resolver " + settings.name());
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    private Optional<Login> storedLogin(Session session) {
        Optional<byte[]> entry = store.load(StoreLayout.account(settings.name()));
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(entry.get());
            if (!node.path("caServer").asText().equals(settings.caServer().toString())
                    || !node.path("email").asText().equals(settings.email())) {
                return Optional.empty(); // another CA or contact: register anew
            }
            KeyPair keyPair = Pem.keyPair(node.path("key").asText());
            URL location = URI.create(node.path("location").asText()).toURL();
            return Optional.of(session.login(location, keyPair));
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "event=acme-account-unreadable resolver={} entry={} error=\"{}\" action=register-new",
                    settings.name(),
                    StoreLayout.account(settings.name()),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Login register(Session session) throws AcmeException {
        KeyPair keyPair = KeyType.EC256.generate();
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(keyPair);
        if (!settings.email().isEmpty()) {
            try {
                builder.addEmail(settings.email());
            } catch (IllegalArgumentException e) {
                throw new AcmeConfigException(
                        settings.key("email") + ": \"" + settings.email() + "\" is not a valid e-mail address", e);
            }
        }
        if (!settings.eabKid().isEmpty()) {
            builder.withKeyIdentifier(settings.eabKid(), settings.eabHmac());
        }
        Login login = builder.createLogin(session);
        ObjectNode node = JSON.createObjectNode();
        node.put("email", settings.email());
        node.put("caServer", settings.caServer().toString());
        node.put("location", login.getAccountLocation().toString());
        node.put("key", Pem.write(keyPair));
        try {
            store.store(StoreLayout.account(settings.name()), JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new AcmeException("cannot encode the account: " + e.getMessage());
        }
        LOG.info("event=acme-account-registered resolver={} location={}", settings.name(), login.getAccountLocation());
        return login;
    }

    private AcmeOrderException translate(String what, AcmeException e) {
        if (e instanceof AcmeNetworkException) {
            return new AcmeOrderException(
                    what + ": the CA at " + settings.caServer() + " cannot be reached: " + rootMessage(e), true, e);
        }
        if (e instanceof AcmeRateLimitedException limited) {
            return new AcmeOrderException(
                    what + ": rate limited by the CA"
                            + limited.getRetryAfter().map(t -> " until " + t).orElse("") + ": " + limited.getMessage(),
                    false,
                    limited.getRetryAfter(),
                    e);
        }
        if (e instanceof AcmeServerException server) {
            String type = server.getType().toString();
            String key = switch (type.startsWith(ACME_ERROR) ? type.substring(ACME_ERROR.length()) : "") {
                case "invalidContact", "unsupportedContact" ->
                    settings.key("email") + " (\"" + settings.email() + "\")";
                case "externalAccountRequired" -> settings.key("eab.kid");
                case "rejectedIdentifier" -> "the router's domains";
                default -> "";
            };
            String detail = server.getProblem().getDetail().orElse(server.getMessage());
            return new AcmeOrderException(
                    what + ": the CA refused" + (key.isEmpty() ? "" : " " + key) + ": " + detail + " [" + type + "]",
                    false,
                    e);
        }
        return new AcmeOrderException(
                what + ": " + e.getMessage(), rootMessage(e).contains("Connect"), e);
    }

    /**
     * Polls until a terminal status: every 100 ms at first, doubling to 2 s, or as the CA's
     * Retry-After says (acme4j's own wait sleeps 3 s between polls, which is most of an order's time
     * against a fast CA).
     */
    private Status poll(PollableResource resource, Set<Status> terminal) throws AcmeException, InterruptedException {
        Instant giveUp = Instant.now().plus(stepTimeout);
        Duration pause = Duration.ofMillis(100);
        while (true) {
            Optional<Instant> retryAfter = resource.fetch();
            if (terminal.contains(resource.getStatus())) {
                return resource.getStatus();
            }
            Instant now = Instant.now();
            if (now.isAfter(giveUp)) {
                throw new AcmeException("no answer within " + stepTimeout + " (status " + resource.getStatus() + ")");
            }
            Duration wait = retryAfter
                    .map(t -> Duration.between(now, t))
                    .filter(d -> !d.isNegative())
                    .orElse(pause);
            Thread.sleep(wait.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : wait);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0
                    ? Duration.ofSeconds(2)
                    : pause.multipliedBy(2);
        }
    }

    private static String problem(Optional<org.shredzone.acme4j.Problem> problem) {
        return problem.map(p -> ": " + p.getDetail().orElse(p.getType().toString()))
                .orElse("");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
