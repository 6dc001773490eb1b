package io.swarmedge.proxy.tls;

import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The keys that encrypt TLS session tickets (TLS 1.3 resumption and TLS 1.2 tickets), shared by
 * every OpenSSL context of the process so a ticket survives configuration reloads and is accepted
 * whichever options/certificate context the SNI name selects. Generated at start; {@link
 * #rotate()} puts a fresh key first (new tickets) and keeps the previous one (tickets issued before
 * still resume), so a ticket lives at most two rotation periods.
 */
public final class SessionTicketKeys {
    /** How often the proxy rotates the keys (a ticket resumes for at most twice this). */
    public static final Duration ROTATION = Duration.ofHours(12);

    private final SecureRandom random;
    private final Set<OpenSslSessionContext> contexts = Collections.newSetFromMap(new WeakHashMap<>());
    private List<OpenSslSessionTicketKey> keys;

    /** Keys generated now: one current key, no previous one yet. */
    public SessionTicketKeys(SecureRandom random) {
        this.random = random;
        this.keys = List.of(newKey());
    }

    /**
     * Makes this context encrypt tickets with the current key and accept the previous one, now and
     * after every rotation. Contexts of the JDK engine are left alone (it keeps its own keys).
     */
    public synchronized void use(SslContext context) {
        if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
            openSsl.setTicketKeys(keys.toArray(OpenSslSessionTicketKey[]::new));
            contexts.add(openSsl);
        }
    }

    /** A fresh current key; the current one becomes the previous one, the previous one is dropped. */
    public synchronized void rotate() {
        List<OpenSslSessionTicketKey> next = new ArrayList<>(2);
        next.add(newKey());
        next.add(keys.getFirst());
        keys = List.copyOf(next);
        OpenSslSessionTicketKey[] array = keys.toArray(OpenSslSessionTicketKey[]::new);
        for (OpenSslSessionContext context : contexts) {
            context.setTicketKeys(array);
        }
    }

    /** The key names in use, current first (hex), for logs and tests. */
    public synchronized List<String> names() {
        return keys.stream()
                .map(k -> java.util.HexFormat.of().formatHex(k.name()))
                .toList();
    }

    private OpenSslSessionTicketKey newKey() {
        byte[] name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
        byte[] hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
        byte[] aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
        random.nextBytes(name);
        random.nextBytes(hmac);
        random.nextBytes(aes);
        return new OpenSslSessionTicketKey(name, hmac, aes);
    }
}
