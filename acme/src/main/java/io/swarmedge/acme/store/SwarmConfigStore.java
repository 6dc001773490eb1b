package io.swarmedge.acme.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CertificateStore} in the Swarm's Raft store, as Docker configs: a cluster needs no shared
 * disk for its certificates.
 *
 * <ul>
 *   <li>Every object is named {@code <prefix>…} (default {@code swarmedge-acme-}, the only names the
 *       socket proxy's edge profile lets through) and labelled with its store key.
 *   <li>Configs are immutable, so a write creates {@code <prefix><name>-<hash>-<version>} with the next
 *       version and then deletes the older versions; readers take the highest version.
 *   <li>Values are encrypted with AES-256-GCM ({@link StoreCipher}) under a key the operator gives as
 *       a Docker secret: config data is readable by anyone with API access to configs.
 *   <li>A lock is a config {@code <prefix>lock-…} whose labels hold owner and expiry. Creating it is
 *       atomic (names are unique); renewing or taking over an expired one updates its labels with the
 *       object's version, which Swarm refuses if anyone updated it in between.
 * </ul>
 */
public final class SwarmConfigStore implements CertificateStore {
    /** The default prefix of every object. */
    public static final String DEFAULT_PREFIX = "swarmedge-acme-";

    static final String LABEL_KEY = "io.swarmedge.acme.key";
    static final String LABEL_VERSION = "io.swarmedge.acme.version";
    static final String LABEL_KIND = "io.swarmedge.acme.kind";
    static final String LABEL_OWNER = "io.swarmedge.acme.owner";
    static final String LABEL_EXPIRES = "io.swarmedge.acme.expires";

    private static final Logger LOG = LoggerFactory.getLogger(SwarmConfigStore.class);
    private static final int MAX_SLUG = 16;
    private static final int CREATE_ATTEMPTS = 5;

    private final DockerConfigsApi api;
    private final String prefix;
    private final StoreCipher cipher;
    private final Clock clock;

    /**
     * @param endpoint {@code unix:///var/run/docker.sock} or {@code tcp://socket-proxy:2375}
     * @param prefix object name prefix ({@link #DEFAULT_PREFIX}, or one the socket proxy allows)
     * @param cipher encrypts values at rest
     */
    public SwarmConfigStore(URI endpoint, String prefix, StoreCipher cipher, Clock clock) {
        if (!prefix.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,29}-")) {
            throw new IllegalArgumentException("Swarm config prefix \"" + prefix
                    + "\": 1 to 30 letters, digits, '.', '_' or '-', ending with '-'");
        }
        this.api = new DockerConfigsApi(endpoint, Duration.ofSeconds(30));
        this.prefix = prefix;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> load(StoreKey key) {
        Optional<JsonNode> newest = versions(key).stream().reduce((a, b) -> version(a) >= version(b) ? a : b);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        JsonNode config = newest.get();
        String name = config.path("Spec").path("Name").asText();
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(config.path("Spec").path("Data").asText());
        } catch (IllegalArgumentException e) {
            throw new StoreException(describe() + " config " + name + ": data is not base64");
        }
        if (sealed.length > MAX_ENTRY_BYTES * 2) {
            throw new StoreException(describe() + " config " + name + ": " + sealed.length + " bytes is too large");
        }
        return Optional.of(cipher.decrypt(sealed, key.value(), describe() + " config " + name));
    }

    @Override
    public void store(StoreKey key, byte[] value) {
        if (value.length > MAX_ENTRY_BYTES) {
            throw new StoreException(
                    describe() + " entry " + key + ": " + value.length + " bytes is more than " + MAX_ENTRY_BYTES);
        }
        List<JsonNode> existing = versions(key);
        long next = existing.stream().mapToLong(SwarmConfigStore::version).max().orElse(0) + 1;
        String created = null;
        for (int attempt = 0; attempt < CREATE_ATTEMPTS && created == null; attempt++, next++) {
            String name = base(key) + next;
            DockerConfigsApi.Answer answer = api.create(
                    name,
                    Map.of(LABEL_KEY, key.value(), LABEL_VERSION, Long.toString(next), LABEL_KIND, "entry"),
                    cipher.encrypt(value, key.value()));
            if (answer.status() == 201 || answer.status() == 200) {
                created = name;
            } else if (answer.status() != 409) {
                throw new StoreException(
                        api.describe("create config " + name) + ": HTTP " + answer.status() + " " + answer.message());
            }
        }
        if (created == null) {
            throw new StoreException(
                    describe() + " entry " + key + ": " + CREATE_ATTEMPTS + " versions taken by concurrent writers");
        }
        long written = next - 1;
        // older versions go once the new one exists, so a reader always finds one; a version we cannot
        // decrypt (another key, altered) is kept for the operator: nothing is lost
        for (JsonNode old : versions(key)) {
            if (version(old) < written) {
                if (readable(old, key)) {
                    deleteQuietly(old);
                } else {
                    LOG.warn(
                            "event=store-entry-kept config={} reason=\"cannot decrypt it; not deleting\"",
                            old.path("Spec").path("Name").asText());
                }
            }
        }
    }

    @Override
    public List<StoreKey> list(String keyPrefix) {
        TreeSet<StoreKey> keys = new TreeSet<>();
        for (JsonNode config : api.listByName(prefix)) {
            JsonNode labels = config.path("Spec").path("Labels");
            if (!"entry".equals(labels.path(LABEL_KIND).asText())) {
                continue;
            }
            String key = labels.path(LABEL_KEY).asText();
            if (!key.startsWith(keyPrefix)) {
                continue;
            }
            try {
                keys.add(new StoreKey(key));
            } catch (IllegalArgumentException e) {
                LOG.warn(
                        "event=store-entry-ignored config={} reason=\"{}\"",
                        config.path("Spec").path("Name").asText(),
                        e.getMessage());
            }
        }
        return List.copyOf(keys);
    }

    @Override
    public void delete(StoreKey key) {
        for (JsonNode config : versions(key)) {
            deleteQuietly(config);
        }
    }

    @Override
    public Optional<Lease> tryLock(String name, String owner, Duration duration) {
        String configName = lockName(name);
        Instant expires = clock.instant().plus(duration);
        DockerConfigsApi.Answer created =
                api.create(configName, lockLabels(name, owner, expires), "lock".getBytes(StandardCharsets.US_ASCII));
        if (created.status() == 201 || created.status() == 200) {
            return Optional.of(new Lease(name, owner, expires, "1"));
        }
        if (created.status() != 409) {
            throw new StoreException(
                    api.describe("create lock " + configName) + ": HTTP " + created.status() + " " + created.message());
        }
        DockerConfigsApi.Answer current = api.inspect(configName);
        if (current.status() == 404) {
            return Optional.empty(); // released just now: the next check will take it
        }
        JsonNode lock = requireOk(current, "inspect lock " + configName);
        JsonNode labels = lock.path("Spec").path("Labels");
        Instant heldUntil = parseExpiry(labels.path(LABEL_EXPIRES).asText());
        if (!labels.path(LABEL_OWNER).asText().equals(owner) && heldUntil.isAfter(clock.instant())) {
            return Optional.empty();
        }
        Optional<Lease> taken = update(lock, name, owner, expires);
        taken.ifPresent(l -> LOG.info(
                "event=lock-taken-over lock={} previousOwner={} expiredAt={}",
                name,
                labels.path(LABEL_OWNER).asText(),
                heldUntil));
        return taken;
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration duration) {
        DockerConfigsApi.Answer current = api.inspect(lockName(lease.name()));
        if (current.status() == 404) {
            return Optional.empty();
        }
        JsonNode lock = requireOk(current, "inspect lock " + lockName(lease.name()));
        if (!lock.path("Spec").path("Labels").path(LABEL_OWNER).asText().equals(lease.owner())) {
            return Optional.empty();
        }
        return update(lock, lease.name(), lease.owner(), clock.instant().plus(duration));
    }

    @Override
    public void unlock(Lease lease) {
        DockerConfigsApi.Answer current = api.inspect(lockName(lease.name()));
        if (current.status() == 404) {
            return;
        }
        JsonNode lock = requireOk(current, "inspect lock " + lockName(lease.name()));
        if (lock.path("Spec").path("Labels").path(LABEL_OWNER).asText().equals(lease.owner())) {
            deleteQuietly(lock);
        }
    }

    @Override
    public String describe() {
        return "swarm configs " + prefix + "*";
    }

    @Override
    public void close() {
        api.close();
    }

    /** Updates a lock's labels if nobody changed it since we read it (Swarm's version check). */
    private Optional<Lease> update(JsonNode lock, String name, String owner, Instant expires) {
        long version = lock.path("Version").path("Index").asLong();
        byte[] data = Base64.getDecoder().decode(lock.path("Spec").path("Data").asText(""));
        DockerConfigsApi.Answer updated = api.updateLabels(
                lock.path("ID").asText(),
                version,
                lock.path("Spec").path("Name").asText(),
                lockLabels(name, owner, expires),
                data);
        if (updated.status() != 200) {
            // "update out of sequence": another replica renewed or took it first
            return Optional.empty();
        }
        return Optional.of(new Lease(name, owner, expires, Long.toString(version)));
    }

    private Map<String, String> lockLabels(String name, String owner, Instant expires) {
        return Map.of(LABEL_KIND, "lock", LABEL_KEY, name, LABEL_OWNER, owner, LABEL_EXPIRES, expires.toString());
    }

    private static Instant parseExpiry(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return Instant.MIN; // an unreadable lock counts as expired
        }
    }

    private JsonNode requireOk(DockerConfigsApi.Answer answer, String what) {
        if (answer.status() != 200 || answer.body() == null) {
            throw new StoreException(api.describe(what) + ": HTTP " + answer.status() + " " + answer.message());
        }
        return answer.body();
    }

    /** Every stored version of an entry (labels checked: the name hash alone could collide). */
    private List<JsonNode> versions(StoreKey key) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode config : api.listByName(base(key))) {
            JsonNode labels = config.path("Spec").path("Labels");
            if (key.value().equals(labels.path(LABEL_KEY).asText())
                    && "entry".equals(labels.path(LABEL_KIND).asText())) {
                found.add(config);
            }
        }
        return found;
    }

    private boolean readable(JsonNode config, StoreKey key) {
        try {
            cipher.decrypt(
                    Base64.getDecoder().decode(config.path("Spec").path("Data").asText()), key.value(), "");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void deleteQuietly(JsonNode config) {
        DockerConfigsApi.Answer answer = api.delete(config.path("ID").asText());
        if (answer.status() != 204 && answer.status() != 200 && answer.status() != 404) {
            LOG.warn(
                    "event=store-cleanup-failed config={} status={} error=\"{}\"",
                    config.path("Spec").path("Name").asText(),
                    answer.status(),
                    answer.message());
        }
    }

    private static long version(JsonNode config) {
        try {
            return Long.parseLong(
                    config.path("Spec").path("Labels").path(LABEL_VERSION).asText("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code <prefix><slug>-<hash>-}: readable, unique per key, under Swarm's 64-character limit. */
    private String base(StoreKey key) {
        return prefix + slug(key) + "-" + hash(key.value()) + "-";
    }

    private String lockName(String name) {
        return prefix + "lock-" + slug(new StoreKey(name)) + "-" + hash("lock:" + name);
    }

    private static String slug(StoreKey key) {
        String last = key.segments().getLast().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        last = last.replaceAll("^-+|-+$", "");
        if (last.length() > MAX_SLUG) {
            last = last.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return last.isEmpty() ? "x" : last;
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
