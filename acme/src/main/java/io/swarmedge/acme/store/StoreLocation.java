package io.swarmedge.acme.store;

import io.swarmedge.acme.order.AcmeConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Where a resolver's {@code storage} setting puts the store.
 *
 * <ul>
 *   <li>{@code acme.json} (a path ending in {@code .json}, as Traefik takes it): the directory {@code
 *       swarmedge-acme} beside it; an existing Traefik file there is imported.
 *   <li>any other path: that directory.
 *   <li>{@code swarm://} or {@code swarm://<prefix>}: Swarm configs ({@link SwarmConfigStore}).
 * </ul>
 */
public sealed interface StoreLocation {
    /**
     * A directory store.
     *
     * @param directory where entries live
     * @param traefikFiles Traefik {@code acme.json} files to import (none or one)
     */
    record Directory(Path directory, List<Path> traefikFiles) implements StoreLocation {
        public Directory {
            traefikFiles = List.copyOf(traefikFiles);
        }
    }

    /**
     * The Swarm config store.
     *
     * @param prefix object name prefix
     */
    record Swarm(String prefix) implements StoreLocation {}

    /**
     * Reads a {@code storage} value.
     *
     * @param key the configuration key, for errors
     */
    static StoreLocation parse(String storage, String key) {
        String value = storage.strip();
        if (value.isEmpty()) {
            value = "acme.json"; // Traefik's default
        }
        if (value.startsWith("swarm://")) {
            String prefix = value.substring("swarm://".length());
            if (prefix.isEmpty()) {
                return new Swarm(SwarmConfigStore.DEFAULT_PREFIX);
            }
            if (!prefix.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,29}-")) {
                throw new AcmeConfigException(key + ": \"" + storage
                        + "\": the prefix must be 1-30 letters, digits, '.', '_' or '-' ending with '-'");
            }
            return new Swarm(prefix);
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (path.getFileName() != null && path.getFileName().toString().endsWith(".json")) {
            return new Directory(
                    path.resolveSibling("swarmedge-acme"), Files.isRegularFile(path) ? List.of(path) : List.of());
        }
        return new Directory(path, List.of());
    }

    /**
     * Opens the store.
     *
     * @param dockerEndpoint the Docker API (the socket proxy) for the Swarm store
     * @param keyFile the Swarm store's encryption key (a Docker secret file)
     */
    default CertificateStore open(URI dockerEndpoint, Path keyFile, Clock clock) {
        return switch (this) {
            case Directory d -> DirectoryStore.open(d.directory(), clock);
            case Swarm s -> new SwarmConfigStore(dockerEndpoint, s.prefix(), StoreCipher.fromKeyFile(keyFile), clock);
        };
    }
}
