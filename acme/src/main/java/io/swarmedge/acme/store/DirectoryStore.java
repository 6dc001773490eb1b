package io.swarmedge.acme.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CertificateStore} in a directory, shared by replicas through a volume (NFS as the seed
 * does). Entries are files named by their key; writes go to a temporary file that is fsynced, renamed
 * over the entry, and the directory fsynced. Locks are files under {@code .locks/} holding their owner
 * and expiry, created with O_EXCL; a lock whose expiry passed is replaced in place by one replica at a
 * time (serialised by an O_EXCL guard file), so the lock file never disappears while it is taken over.
 *
 * <p>Hostile content is expected (the volume is shared): symbolic links, special files and oversized
 * files are refused with an error naming the path, and nothing is ever deleted because it could not
 * be read.
 */
public final class DirectoryStore implements CertificateStore {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCKS = ".locks";
    private static final int MAX_LIST = 100_000;
    private static final int MAX_LOCK_BYTES = 4096;
    /** A take-over guard older than this was left by a replica that died taking over. */
    private static final Duration GUARD_STALE = Duration.ofSeconds(30);

    private static final FileAttribute<?>[] PRIVATE = {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };

    private final Path root;
    private final Clock clock;

    private DirectoryStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /**
     * Opens (creating it if needed) a store in {@code directory}.
     *
     * @throws StoreException when the directory cannot be created or is not a directory
     */
    public static DirectoryStore open(Path directory, Clock clock) {
        try {
            Files.createDirectories(directory);
            Path real = directory.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new StoreException(directory + ": not a directory");
            }
            return new DirectoryStore(real, clock);
        } catch (IOException e) {
            throw new StoreException(directory + ": cannot use as certificate store: " + e, e);
        }
    }

    /** The store's directory. */
    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> load(StoreKey key) {
        Path path = resolve(key.value());
        try {
            return readBounded(path, MAX_ENTRY_BYTES);
        } catch (IOException e) {
            throw new StoreException(path + ": cannot read: " + e, e);
        }
    }

    @Override
    public void store(StoreKey key, byte[] value) {
        if (value.length > MAX_ENTRY_BYTES) {
            throw new StoreException(resolve(key.value()) + ": " + value.length + " bytes is more than the "
                    + MAX_ENTRY_BYTES + " an entry may hold");
        }
        Path path = resolve(key.value());
        try {
            Files.createDirectories(path.getParent());
            checkInside(path);
            writeAtomically(path, value);
        } catch (IOException e) {
            throw new StoreException(path + ": cannot write: " + e, e);
        }
    }

    @Override
    public List<StoreKey> list(String prefix) {
        List<StoreKey> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> !p.equals(root))
                    .filter(p -> !root.relativize(p).toString().startsWith("."))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .limit(MAX_LIST)
                    .forEach(p -> {
                        String relative = root.relativize(p).toString();
                        if (!relative.startsWith(prefix)
                                || p.getFileName().toString().startsWith(".")) {
                            return;
                        }
                        try {
                            keys.add(new StoreKey(relative));
                        } catch (IllegalArgumentException e) {
                            LOG.warn("event=store-entry-ignored path={} reason=\"{}\"", p, e.getMessage());
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException(root + ": cannot list: " + e, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(StoreKey key) {
        Path path = resolve(key.value());
        try {
            if (Files.deleteIfExists(path)) {
                fsyncDirectory(path.getParent());
            }
        } catch (IOException e) {
            throw new StoreException(path + ": cannot delete: " + e, e);
        }
    }

    @Override
    public Optional<Lease> tryLock(String name, String owner, Duration duration) {
        Path path = lockPath(name);
        try {
            Files.createDirectories(path.getParent());
            Lease lease = new Lease(name, owner, clock.instant().plus(duration), owner);
            if (createNew(path, lockContent(lease))) {
                return Optional.of(lease);
            }
            Optional<byte[]> observed = readBounded(path, MAX_LOCK_BYTES);
            if (observed.isEmpty()) {
                return createNew(path, lockContent(lease)) ? Optional.of(lease) : Optional.empty();
            }
            Optional<LockInfo> holder = parseLock(observed.get());
            if (holder.isPresent() && holder.get().owner().equals(owner)) {
                return renew(lease, duration);
            }
            Instant expiry = holder.map(LockInfo::expiresAt)
                    // unreadable lock content: count its age from the file's last write
                    .orElse(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS)
                            .toInstant()
                            .plus(duration));
            if (expiry.isAfter(clock.instant())) {
                return Optional.empty();
            }
            if (!takeOver(path, observed.get(), lease)) {
                return Optional.empty();
            }
            LOG.info(
                    "event=lock-taken-over lock={} previousOwner={} expiredAt={}",
                    name,
                    holder.map(LockInfo::owner).orElse("unreadable"),
                    expiry);
            return Optional.of(lease);
        } catch (IOException e) {
            throw new StoreException(path + ": cannot lock: " + e, e);
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration duration) {
        Path path = lockPath(lease.name());
        if (!clock.instant().isBefore(lease.expiresAt())) {
            // expired: another replica may be taking it over right now, and a rename of ours could
            // overwrite its fresh lock; only an unexpired lease is renewed
            return Optional.empty();
        }
        try {
            Optional<LockInfo> holder = readBounded(path, MAX_LOCK_BYTES).flatMap(DirectoryStore::parseLock);
            if (holder.isEmpty() || !holder.get().owner().equals(lease.owner())) {
                return Optional.empty();
            }
            Lease renewed =
                    new Lease(lease.name(), lease.owner(), clock.instant().plus(duration), lease.owner());
            writeAtomically(path, lockContent(renewed));
            return Optional.of(renewed);
        } catch (IOException e) {
            throw new StoreException(path + ": cannot renew lock: " + e, e);
        }
    }

    @Override
    public void unlock(Lease lease) {
        Path path = lockPath(lease.name());
        if (!clock.instant().isBefore(lease.expiresAt())) {
            return; // expired: it may be another replica's by now; it stays until taken over
        }
        try {
            Optional<LockInfo> holder = readBounded(path, MAX_LOCK_BYTES).flatMap(DirectoryStore::parseLock);
            if (holder.isPresent() && holder.get().owner().equals(lease.owner())) {
                Files.deleteIfExists(path);
                fsyncDirectory(path.getParent());
            }
        } catch (IOException e) {
            throw new StoreException(path + ": cannot unlock: " + e, e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /**
     * Replaces a stale lock by ours without the lock file ever being absent (a newcomer's O_EXCL create
     * must keep failing meanwhile). Takers serialise on a guard file created with O_EXCL; the guard
     * holder checks that the lock still holds what it saw as stale, then renames its own over it.
     */
    private boolean takeOver(Path path, byte[] observed, Lease lease) throws IOException {
        Path guard = path.resolveSibling("." + path.getFileName() + ".takeover");
        if (!createNew(guard, lease.owner().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            // another replica is taking over; a guard left by one that died is cleared for the next try
            try {
                if (Files.getLastModifiedTime(guard, LinkOption.NOFOLLOW_LINKS)
                        .toInstant()
                        .plus(GUARD_STALE)
                        .isBefore(Instant.now())) {
                    Files.deleteIfExists(guard);
                }
            } catch (NoSuchFileException e) {
                // gone already
            }
            return false;
        }
        try {
            Optional<byte[]> current = readBounded(path, MAX_LOCK_BYTES);
            if (current.isEmpty() || !Arrays.equals(current.get(), observed)) {
                return false; // renewed, released or taken meanwhile
            }
            writeAtomically(path, lockContent(lease));
            return true;
        } finally {
            Files.deleteIfExists(guard);
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(new StoreKey(key).value()).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new StoreException(root + ": key \"" + key + "\" is outside the store");
        }
        return path;
    }

    private Path lockPath(String name) {
        return root.resolve(LOCKS).resolve(new StoreKey(name).value() + ".lock");
    }

    /** Refuses to write through a symbolic link planted as a directory of the store. */
    private void checkInside(Path path) throws IOException {
        Path parent = path.getParent().toRealPath();
        if (!parent.startsWith(root)) {
            throw new StoreException(path + ": its directory leads outside the store (" + parent + ")");
        }
    }

    private Optional<byte[]> readBounded(Path path, int limit) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            throw new StoreException(path + ": not a regular file ("
                    + (attributes.isSymbolicLink() ? "a symbolic link" : "a directory or special file")
                    + "); refusing to read it");
        }
        if (attributes.size() > limit) {
            throw new StoreException(
                    path + ": " + attributes.size() + " bytes is more than the " + limit + " an entry may hold");
        }
        Path parent = path.getParent().toRealPath();
        if (!parent.startsWith(root)) {
            throw new StoreException(path + ": its directory leads outside the store (" + parent + ")");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate(limit + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until end of file or one byte past the limit
            }
            if (buffer.position() > limit) {
                throw new StoreException(path + ": more than the " + limit + " bytes an entry may hold");
            }
            return Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void writeAtomically(Path path, byte[] value) throws IOException {
        Path temp = path.resolveSibling("." + path.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            writeNewFile(temp, value);
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically", e);
            }
            fsyncDirectory(path.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates {@code path} only if it does not exist (O_EXCL, atomic on local disks and NFSv3+). */
    private static boolean createNew(Path path, byte[] value) throws IOException {
        try {
            writeNewFile(path, value);
            fsyncDirectory(path.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static void writeNewFile(Path path, byte[] value) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes =
                path.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? PRIVATE
                        : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(path, options, attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void fsyncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open directories for fsync; the rename is still atomic
        }
    }

    private static byte[] lockContent(Lease lease) {
        ObjectNode node = JSON.createObjectNode();
        node.put("owner", lease.owner());
        node.put("expiresAt", lease.expiresAt().toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<LockInfo> parseLock(byte[] content) {
        try {
            JsonNode node = JSON.readTree(content);
            if (node == null
                    || !node.path("owner").isTextual()
                    || !node.path("expiresAt").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new LockInfo(
                    node.get("owner").asText(),
                    Instant.parse(node.get("expiresAt").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private record LockInfo(String owner, Instant expiresAt) {}
}
