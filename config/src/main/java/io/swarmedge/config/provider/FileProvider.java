package io.swarmedge.config.provider;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.ConfigSyntaxException;
import io.swarmedge.config.dynamic.Decoded;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.DynamicConfigDecoder;
import io.swarmedge.config.staticconfig.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's file provider: one YAML file ({@code providers.file.filename}) or every {@code *.yml} /
 * {@code *.yaml} file of a directory and its subdirectories ({@code providers.file.directory}),
 * watched for changes.
 *
 * <p>Changes are noticed through a {@link WatchService} on the directory (so atomic renames and new
 * files are seen) plus a cheap periodic check of each file's modification time, size and inode, as
 * inotify misses some changes (bind mounts, network file systems). A file that cannot be read keeps
 * its last good configuration; invalid objects inside a readable file are left out and reported.
 */
public final class FileProvider implements Provider {
    /** Default interval of the safety-net check. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    /** Most files read from a directory. */
    public static final int MAX_FILES = 1000;

    private static final int MAX_DEPTH = 8;

    private static final Logger LOG = LoggerFactory.getLogger(FileProvider.class);
    private static final Duration SETTLE = Duration.ofMillis(40);
    private static final Duration EMPTY_GRACE = Duration.ofSeconds(1);

    private final Path path;
    private final boolean directory;
    private final boolean watch;
    private final Duration pollInterval;
    private final Clock clock;

    private final Object lock = new Object();
    private final Map<Path, FileState> files = new HashMap<>();
    private boolean sourceUnreadable;
    private Provider.Listener listener;
    private ProviderSnapshot last;
    private volatile ProviderStatus status = new ProviderStatus(ProviderStatus.Health.STARTING, Instant.EPOCH, "");
    private volatile boolean stopped;
    private Thread watcher;
    private WatchService watchService;

    /**
     * @param path the file, or the directory
     * @param directory whether {@code path} is a directory of files
     * @param watch follow changes (Traefik's {@code watch}, default true)
     * @param pollInterval interval of the safety-net check
     */
    public FileProvider(Path path, boolean directory, boolean watch, Duration pollInterval, Clock clock) {
        this.path = path.toAbsolutePath().normalize();
        this.directory = directory;
        this.watch = watch;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /** From the static configuration's {@code providers.file}. */
    public static FileProvider from(Providers.FileProvider settings) {
        boolean dir = !settings.directory().isEmpty();
        return new FileProvider(
                Path.of(dir ? settings.directory() : settings.filename()),
                dir,
                settings.watch(),
                DEFAULT_POLL_INTERVAL,
                Clock.systemUTC());
    }

    /**
     * Reads the configuration once, without watching (for {@code --check}): everything valid and
     * every error, by file and line.
     */
    public static ProviderSnapshot readOnce(Providers.FileProvider settings) {
        boolean dir = !settings.directory().isEmpty();
        FileProvider once = new FileProvider(
                Path.of(dir ? settings.directory() : settings.filename()),
                dir,
                false,
                DEFAULT_POLL_INTERVAL,
                Clock.systemUTC());
        ProviderSnapshot[] result = new ProviderSnapshot[1];
        once.start(snapshot -> result[0] = snapshot);
        once.stop();
        return result[0];
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public void start(Provider.Listener listener) {
        synchronized (lock) {
            if (this.listener != null) {
                throw new IllegalStateException("file provider already started");
            }
            this.listener = Objects.requireNonNull(listener);
        }
        if (watch) {
            // Registered before the first read, so no change made after start() returns can be missed.
            ensureWatching(watchedDirectory());
        }
        rescan();
        if (watch) {
            watcher = Thread.ofVirtual().name("file-provider-watch").start(this::watchLoop);
        }
    }

    @Override
    public void stop() {
        stopped = true;
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
        closeWatchService();
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        status = new ProviderStatus(ProviderStatus.Health.STOPPED, status.lastChange(), "");
    }

    @Override
    public ProviderStatus status() {
        return status;
    }

    /**
     * Re-reads what changed and publishes a snapshot if the result differs from the last one. Called
     * by the watch loop; public so a caller can force a check (e.g. on SIGHUP).
     */
    public void rescan() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            ProviderSnapshot snapshot = readAll();
            if (snapshot.equals(last)) {
                return;
            }
            last = snapshot;
            boolean missing = sourceUnreadable;
            status = new ProviderStatus(
                    missing
                            ? ProviderStatus.Health.FAILED
                            : snapshot.errors().isEmpty() ? ProviderStatus.Health.OK : ProviderStatus.Health.DEGRADED,
                    clock.instant(),
                    snapshot.errors().isEmpty()
                            ? ""
                            : snapshot.errors().getFirst().toString());
            LOG.info(
                    "config provider=file event=snapshot path={} routers={} services={} middlewares={} errors={}",
                    path,
                    snapshot.config().http().routers().size(),
                    snapshot.config().http().services().size(),
                    snapshot.config().http().middlewares().size(),
                    snapshot.errors().size());
            // Published under the lock so snapshots arrive in order; listeners only store them.
            listener.onSnapshot(snapshot);
        }
    }

    /** Reads every changed file and unites all files in name order. */
    private ProviderSnapshot readAll() {
        ConfigUnion union = new ConfigUnion();
        Map<Path, FileStamp> current = new TreeMap<>();
        sourceUnreadable = false;
        try {
            for (Path file : listFiles()) {
                try {
                    current.put(file, FileStamp.of(file));
                } catch (NoSuchFileException e) {
                    // deleted between listing and reading: it is gone
                } catch (IOException e) {
                    current.put(file, FileStamp.UNREADABLE);
                }
            }
        } catch (IOException e) {
            sourceUnreadable = true;
            String message = "cannot read " + (directory ? "directory" : "file") + ": " + describe(e);
            union.error(new ConfigError(path.toString(), 0, "", message));
            if (!files.isEmpty()) {
                // A directory that vanished for a moment (a volume remount): keep the last good files.
                files.values().forEach(state -> union.add(state.name, state.good.config()));
            }
            return new ProviderSnapshot(name(), union.config(), union.errors());
        }
        files.keySet().retainAll(current.keySet());
        for (var e : current.entrySet()) {
            Path file = e.getKey();
            FileState state = files.get(file);
            FileStamp stamp = e.getValue();
            boolean changed = state == null || !state.stamp.equals(stamp) || stamp == FileStamp.UNREADABLE;
            if (changed && state != null && justEmptied(state, stamp)) {
                changed = false; // probably mid-rewrite: look again on the next check
            }
            if (changed) {
                state = read(file, stamp, state);
                files.put(file, state);
            }
            union.add(state.name, state.good.config());
            state.good.errors().forEach(union::error);
            if (state.problem != null) {
                union.error(state.problem);
            }
        }
        return new ProviderSnapshot(name(), union.config(), union.errors());
    }

    /**
     * An in-place rewrite truncates the file before writing it: a file that just became empty is
     * taken as such only once it has stayed empty for {@link #EMPTY_GRACE}, so a check that falls in
     * between does not replace the file's configuration with nothing.
     */
    private boolean justEmptied(FileState state, FileStamp stamp) {
        return stamp.size() == 0
                && state.stamp().size() > 0
                && Duration.between(stamp.modified(), clock.instant()).compareTo(EMPTY_GRACE) < 0;
    }

    private FileState read(Path file, FileStamp stamp, FileState previous) {
        String name = directory
                ? path.relativize(file).toString()
                : file.getFileName().toString();
        Decoded empty = new Decoded(DynamicConfig.EMPTY, List.of());
        Decoded good = previous == null ? empty : previous.good;
        if (name.toLowerCase(Locale.ROOT).endsWith(".toml")) {
            ConfigError error = new ConfigError(name, 0, "", "TOML files are not supported by swarmedge; use YAML");
            logChanged(previous, error);
            return new FileState(name, stamp, empty, error);
        }
        try {
            byte[] bytes = readLimited(file);
            Decoded decoded = DynamicConfigDecoder.decodeYaml(name, bytes);
            for (ConfigError error : decoded.errors()) {
                LOG.warn("config provider=file event=error file={} error=\"{}\"", name, error);
            }
            return new FileState(name, stamp, decoded, null);
        } catch (ConfigSyntaxException e) {
            ConfigError error = new ConfigError(
                    e.error().source(),
                    e.error().line(),
                    e.error().key(),
                    e.error().message() + (previous == null ? "" : " (keeping the last good version of this file)"));
            logChanged(previous, error);
            return new FileState(name, stamp, good, error);
        } catch (IOException e) {
            ConfigError error = new ConfigError(
                    name,
                    0,
                    "",
                    "cannot read: " + describe(e) + (previous == null ? "" : " (keeping the last good version)"));
            logChanged(previous, error);
            // An unreadable stamp never matches, so the file is retried on the next check.
            return new FileState(name, FileStamp.UNREADABLE, good, error);
        }
    }

    /** Logs a file's problem once, not on every check while it persists. */
    private static void logChanged(FileState previous, ConfigError error) {
        if (previous == null || !error.equals(previous.problem())) {
            LOG.warn("config provider=file event=error file={} error=\"{}\"", error.source(), error);
        }
    }

    private static byte[] readLimited(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(DynamicConfigDecoder.MAX_BYTES + 1);
            if (bytes.length > DynamicConfigDecoder.MAX_BYTES) {
                throw new IOException("larger than " + DynamicConfigDecoder.MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private List<Path> listFiles() throws IOException {
        if (!directory) {
            if (!Files.isRegularFile(path)) {
                throw new NoSuchFileException(path.toString());
            }
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new NoSuchFileException(path.toString());
        }
        List<Path> out = new ArrayList<>();
        // Subdirectories are read too, as Traefik does; hidden ones (editors, Kubernetes' ..data) are not.
        Files.walkFileTree(path, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(path) && d.getFileName().toString().startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                boolean config = n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".toml");
                // Editors' temporary files start with a dot: skip them.
                if (config && !n.startsWith(".") && Files.isRegularFile(p)) {
                    out.add(p);
                    if (out.size() > MAX_FILES) {
                        throw new IOException("more than " + MAX_FILES + " configuration files");
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (p.equals(path)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE; // vanished while walking
            }
        });
        out.sort(null);
        return out;
    }

    private Path watchedDirectory() {
        return directory ? path : path.getParent();
    }

    private void watchLoop() {
        Path dir = watchedDirectory();
        while (!stopped) {
            try {
                WatchService ws = ensureWatching(dir);
                WatchKey key = ws == null ? null : ws.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (ws == null) {
                    Thread.sleep(pollInterval); // directory missing: poll until it appears
                }
                if (key != null) {
                    drain(ws, key);
                }
                rescan();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                if (stopped) {
                    return;
                }
                closeWatchService();
            } catch (RuntimeException e) {
                LOG.error("config provider=file event=watch-error error=\"{}\"", e.toString(), e);
            }
        }
    }

    /** Takes the events of a burst (an editor's write, rename, chmod) so one rescan sees them all. */
    private void drain(WatchService ws, WatchKey first) throws InterruptedException {
        WatchKey key = first;
        Instant deadline = Instant.now().plus(SETTLE.multipliedBy(5));
        while (key != null) {
            key.pollEvents();
            if (!key.reset()) {
                closeWatchService(); // the directory went away: re-register when it is back
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                return;
            }
            key = ws.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private WatchService ensureWatching(Path dir) {
        synchronized (lock) {
            if (watchService != null) {
                return watchService;
            }
            if (dir == null || !Files.isDirectory(dir)) {
                return null;
            }
            try {
                WatchService ws = FileSystems.getDefault().newWatchService();
                dir.register(
                        ws,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                watchService = ws;
                return ws;
            } catch (IOException e) {
                LOG.warn("config provider=file event=watch-error dir={} error=\"{}\"", dir, describe(e));
                return null;
            }
        }
    }

    private void closeWatchService() {
        synchronized (lock) {
            if (watchService != null) {
                try {
                    watchService.close();
                } catch (IOException e) {
                    // closing anyway
                }
                watchService = null;
            }
        }
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file or directory: " + e.getMessage() : e.toString();
    }

    /** A file's identity and version as cheaply observable: inode, modification time, size. */
    private record FileStamp(Object fileKey, Instant modified, long size) {
        static final FileStamp UNREADABLE = new FileStamp("unreadable", Instant.EPOCH, -1);

        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(
                    a.fileKey() == null ? "" : a.fileKey(), a.lastModifiedTime().toInstant(), a.size());
        }
    }

    /** The last good decoding of one file, and its current problem if it no longer reads. */
    private record FileState(String name, FileStamp stamp, Decoded good, ConfigError problem) {}
}
