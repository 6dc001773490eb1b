package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.Pem;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.acme.store.DirectoryStore;
import io.swarmedge.acme.store.StoreCipher;
import io.swarmedge.acme.store.StoreException;
import io.swarmedge.acme.store.StoreKey;
import io.swarmedge.acme.store.StoreLayout;
import io.swarmedge.acme.store.SwarmConfigStore;
import io.swarmedge.docker.DockerApi;
import io.swarmedge.docker.DockerApiException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Collects the certificates of the stores the proxy may use: the Swarm config store (entries named
 * {@code swarmedge-acme-…}; readable with the store key, counted without it), a directory store, and
 * a Traefik {@code acme.json}.
 */
final class CertificateReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRY_KIND = "entry";

    /**
     * Where to look.
     *
     * @param prefix the Swarm config store's prefix
     * @param key the Swarm config store's key file, if given
     * @param storage a directory store or a Traefik acme.json, if given
     */
    record Sources(String prefix, Optional<Path> key, Optional<Path> storage) {}

    private final Sources sources;
    private final Clock clock;

    CertificateReader(Sources sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
    }

    CertificateInventory read(DockerApi api) {
        List<String> looked = new ArrayList<>();
        List<CertificateInfo> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int sealed = swarmConfigs(api, looked, found, problems);
        sources.storage().ifPresent(path -> storage(path, looked, found, problems));
        return new CertificateInventory(looked, found, sealed, problems);
    }

    /** Reads or counts the Swarm config store's certificate entries; returns how many stayed sealed. */
    private int swarmConfigs(DockerApi api, List<String> looked, List<CertificateInfo> found, List<String> problems) {
        String where = "swarm configs " + sources.prefix() + "*";
        JsonNode configs;
        try {
            String filter = "{\"name\":[\"" + sources.prefix() + "\"]}";
            configs = api.get("/configs?filters=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        } catch (DockerApiException e) {
            problems.add(where + ": cannot be listed: " + e.getMessage());
            return 0;
        }
        TreeSet<String> keys = new TreeSet<>();
        for (JsonNode config : configs) {
            JsonNode labels = config.path("Spec").path("Labels");
            String key = labels.path("io.swarmedge.acme.key").asText("");
            if (config.path("Spec").path("Name").asText("").startsWith(sources.prefix())
                    && ENTRY_KIND.equals(labels.path("io.swarmedge.acme.kind").asText())
                    && key.startsWith(StoreLayout.CERTIFICATES)) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return 0;
        }
        looked.add(where);
        if (sources.key().isEmpty()) {
            return keys.size();
        }
        try (CertificateStore store = new SwarmConfigStore(
                api.endpoint().uri(),
                sources.prefix(),
                StoreCipher.fromKeyFile(sources.key().get()),
                clock)) {
            readStore(store, found, problems);
        } catch (StoreException e) {
            problems.add(where + ": " + e.getMessage());
        }
        return 0;
    }

    void storage(Path path, List<String> looked, List<CertificateInfo> found, List<String> problems) {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(absolute) && absolute.getFileName().toString().endsWith(".json")) {
            looked.add(absolute.toString());
            traefikFile(absolute, found, problems);
            Path beside = absolute.resolveSibling("swarmedge-acme");
            if (Files.isDirectory(beside)) {
                directory(beside, looked, found, problems);
            }
        } else if (Files.isDirectory(absolute)) {
            directory(absolute, looked, found, problems);
        } else {
            problems.add("--acme-storage " + path + ": no such directory or acme.json file");
        }
    }

    private void directory(Path directory, List<String> looked, List<CertificateInfo> found, List<String> problems) {
        looked.add(directory.toString());
        try (CertificateStore store = DirectoryStore.open(directory, clock)) {
            readStore(store, found, problems);
        } catch (StoreException e) {
            problems.add(directory + ": " + e.getMessage());
        }
    }

    private static void readStore(CertificateStore store, List<CertificateInfo> found, List<String> problems) {
        for (StoreKey key : store.list(StoreLayout.CERTIFICATES)) {
            try {
                Optional<byte[]> entry = store.load(key);
                if (entry.isPresent()) {
                    CertificateBundle bundle = CertificateBundle.fromJson(entry.get());
                    found.add(new CertificateInfo(key.value(), bundle.domains().names(), bundle.notAfter()));
                }
            } catch (StoreException | IllegalArgumentException e) {
                problems.add(store.describe() + " entry " + key + ": " + e.getMessage());
            }
        }
    }

    /** Traefik's acme.json: resolver -> {Certificates: [{domain: {main, sans}, certificate: base64 PEM}]}. */
    static void traefikFile(Path file, List<CertificateInfo> found, List<String> problems) {
        JsonNode root;
        try {
            if (Files.size(file) > 32 << 20) {
                problems.add(file + ": larger than 32 MiB, not read");
                return;
            }
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            problems.add(file + ": not readable JSON: " + e.getMessage());
            return;
        }
        for (Map.Entry<String, JsonNode> resolver : root.properties()) {
            JsonNode list = resolver.getValue().path("Certificates");
            for (int i = 0; i < list.size(); i++) {
                JsonNode entry = list.get(i);
                String main = entry.path("domain").path("main").asText("?");
                String name = file.getFileName() + " " + resolver.getKey() + " " + main;
                try {
                    String pem = new String(
                            Base64.getDecoder().decode(entry.path("certificate").asText("")), StandardCharsets.UTF_8);
                    X509Certificate leaf = Pem.certificates(pem).getFirst();
                    List<String> domains = new ArrayList<>();
                    domains.add(main);
                    entry.path("domain").path("sans").forEach(s -> domains.add(s.asText()));
                    found.add(new CertificateInfo(
                            name, domains, leaf.getNotAfter().toInstant()));
                } catch (IllegalArgumentException e) {
                    problems.add(name + " (Certificates[" + i + "]): " + e.getMessage());
                }
            }
        }
    }
}
