package io.swarmedge.acme.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where every replica keeps ACME state: accounts, certificates with their keys, pending challenge
 * answers, and the locks that make sure only one replica orders a name at a time.
 *
 * <p>Entries are small byte arrays (at most {@link #MAX_ENTRY_BYTES}) under {@link StoreKey}s. Writes
 * are atomic: a reader sees the old value or the new one, never a mix. All methods block (files, the
 * Docker API): call them from virtual threads, never from an event loop.
 */
public interface CertificateStore extends AutoCloseable {
    /** Largest entry accepted, in either direction: a certificate chain and key are a few KiB. */
    int MAX_ENTRY_BYTES = 256 * 1024;

    /**
     * Reads an entry.
     *
     * @throws StoreException naming the entry when it exists but cannot be read or is not acceptable
     *     (too large, not a regular file, cannot be decrypted)
     */
    Optional<byte[]> load(StoreKey key);

    /** Writes an entry atomically, replacing any previous value. */
    void store(StoreKey key, byte[] value);

    /** The keys starting with {@code prefix} (e.g. {@code certificates/}), sorted. */
    List<StoreKey> list(String prefix);

    /** Deletes an entry; nothing happens when it does not exist. */
    void delete(StoreKey key);

    /**
     * Takes the lock {@code name} for {@code lease} unless another owner holds an unexpired lease. A
     * lock whose lease expired (its holder died) is taken over.
     *
     * @return the lease, or empty when someone else holds the lock
     */
    Optional<Lease> tryLock(String name, String owner, Duration lease);

    /**
     * Extends a lease held by us, if it has not expired yet.
     *
     * @return the renewed lease, or empty when the lock was lost (taken over after expiry, deleted)
     */
    Optional<Lease> renew(Lease lease, Duration duration);

    /** Releases a lease held by us (nothing happens when it was lost meanwhile). */
    void unlock(Lease lease);

    /** Where the store is, for logs ({@code /data/acme}, {@code swarm configs swarmedge-acme-*}). */
    String describe();

    @Override
    default void close() {}
}
