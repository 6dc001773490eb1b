package io.swarmedge.acme.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for store entries kept where others can read them (Swarm configs). Each value gets a
 * fresh 96-bit nonce; the entry's key is authenticated with it, so a ciphertext moved to another
 * entry does not decrypt.
 *
 * <p>Format: {@code "SEA1"} + nonce (12 bytes) + ciphertext with its 16-byte tag.
 */
public final class StoreCipher {
    private static final byte[] MAGIC = "SEA1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private StoreCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * Reads the key the operator gives as a Docker secret file ({@code /run/secrets/swarmedge-acme-key}):
     * 32 bytes, raw, base64 or hex ({@code openssl rand -base64 32 | docker secret create swarmedge-acme-key -}).
     *
     * @throws StoreException naming the file when it cannot be read or holds no 32-byte key
     */
    public static StoreCipher fromKeyFile(Path file) {
        byte[] content;
        try {
            if (Files.size(file) > 4096) {
                throw new StoreException(file + ": too large for an encryption key");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot read the store encryption key: " + e, e);
        }
        if (content.length == 32) {
            return new StoreCipher(content);
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            if (decoded.length == 32) {
                return new StoreCipher(decoded);
            }
        } catch (IllegalArgumentException e) {
            // not base64: try hex
        }
        try {
            byte[] decoded = HexFormat.of().parseHex(text);
            if (decoded.length == 32) {
                return new StoreCipher(decoded);
            }
        } catch (IllegalArgumentException e) {
            // not hex either
        }
        throw new StoreException(file + ": the store encryption key must be 32 bytes, raw, base64 or hex"
                + " (make one with: openssl rand -base64 32)");
    }

    /** A cipher with this key (tests, tools). */
    public static StoreCipher of(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        return new StoreCipher(key.clone());
    }

    /** Encrypts {@code plain}, bound to {@code entry}. */
    public byte[] encrypt(byte[] plain, String entry) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(entry.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(MAGIC.length + NONCE_BYTES + sealed.length)
                    .put(MAGIC)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Decrypts a value of {@code entry}.
     *
     * @throws StoreException naming {@code source} when it is not ours, altered, or for another key
     */
    public byte[] decrypt(byte[] sealed, String entry, String source) {
        if (sealed.length < MAGIC.length + NONCE_BYTES + TAG_BITS / 8
                || !Arrays.equals(Arrays.copyOf(sealed, MAGIC.length), MAGIC)) {
            throw new StoreException(source + ": not an encrypted swarmedge entry");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, MAGIC.length, NONCE_BYTES));
            cipher.updateAAD(entry.getBytes(StandardCharsets.UTF_8));
            int offset = MAGIC.length + NONCE_BYTES;
            return cipher.doFinal(sealed, offset, sealed.length - offset);
        } catch (GeneralSecurityException e) {
            throw new StoreException(source + ": cannot decrypt (another encryption key, or the data was altered)", e);
        }
    }
}
