package io.swarmedge.acme.traefik;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.Pem;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.acme.store.StoreKey;
import io.swarmedge.acme.store.StoreLayout;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Imports Traefik's (v2/v3) {@code acme.json} into a {@link CertificateStore}, so a migration keeps
 * the certificates (and the account) instead of ordering everything again.
 *
 * <p>The file maps resolver names to {@code {"Account": {"Email", "Registration": {"uri"},
 * "PrivateKey" (base64 DER), "KeyType"}, "Certificates": [{"domain": {"main", "sans"}, "certificate"
 * (base64 PEM chain), "key" (base64 PEM), "Store"}]}}. Each certificate is checked (names, key) before
 * it is stored; one that fails is reported and skipped, never stored. A stored certificate that
 * expires as late or later than the imported one is kept, and so is a stored account: importing the
 * same file again changes nothing.
 */
public final class TraefikAcmeImport {
    /** Largest acme.json read. */
    public static final long MAX_FILE_BYTES = 32 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TraefikAcmeImport() {}

    /**
     * What an import did.
     *
     * @param certificates certificates written to the store
     * @param accounts accounts written to the store
     * @param skipped one message per entry not imported, naming it ({@code acme.json: resolver "le"
     *     Certificates[2] (example.com): …})
     */
    public record Report(int certificates, int accounts, List<String> skipped) {
        public Report {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Imports {@code file}.
     *
     * @param caServers the directory URL of each resolver (its {@code caServer}), so the imported
     *     account is used for it; resolvers missing here get their certificates but not their account
     * @throws IOException when the file cannot be read or is not a JSON object
     */
    public static Report importFile(Path file, CertificateStore store, Map<String, String> caServers)
            throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not a Traefik acme.json (expected an object of resolvers)");
        }
        String source = file.getFileName().toString();
        int certificates = 0;
        int accounts = 0;
        List<String> skipped = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resolver = it.next();
            String name = resolver.getKey();
            String where = source + ": resolver \"" + name + "\"";
            if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,100}")) {
                skipped.add(where + ": the resolver name cannot be a store key");
                continue;
            }
            JsonNode body = resolver.getValue();
            // an account the store already has wins: it may be newer than the file's
            if (caServers.containsKey(name)
                    && body.path("Account").isObject()
                    && store.load(StoreLayout.account(name)).isEmpty()) {
                try {
                    store.store(StoreLayout.account(name), account(body.get("Account"), caServers.get(name)));
                    accounts++;
                } catch (RuntimeException e) {
                    skipped.add(where + " Account: " + e.getMessage());
                }
            }
            JsonNode list = body.path("Certificates");
            for (int i = 0; i < list.size(); i++) {
                JsonNode entry = list.get(i);
                String label = where + " Certificates[" + i + "] ("
                        + entry.path("domain").path("main").asText("?") + ")";
                try {
                    CertificateBundle bundle = certificate(entry);
                    StoreKey key = StoreLayout.certificate(name, bundle.domains());
                    Optional<CertificateBundle> existing = existing(store, key);
                    if (existing.isPresent() && !existing.get().notAfter().isBefore(bundle.notAfter())) {
                        skipped.add(label + ": the store already has a certificate valid as long or longer");
                        continue;
                    }
                    store.store(key, bundle.toJson());
                    certificates++;
                } catch (RuntimeException e) {
                    skipped.add(label + ": " + e.getMessage());
                }
            }
        }
        return new Report(certificates, accounts, skipped);
    }

    private static Optional<CertificateBundle> existing(CertificateStore store, StoreKey key) {
        try {
            return store.load(key).map(CertificateBundle::fromJson);
        } catch (RuntimeException e) {
            return Optional.empty(); // unusable: the import replaces it
        }
    }

    private static CertificateBundle certificate(JsonNode entry) {
        JsonNode domain = entry.path("domain");
        if (!domain.path("main").isTextual()) {
            throw new IllegalArgumentException("no domain.main");
        }
        List<String> sans = new ArrayList<>();
        domain.path("sans").forEach(s -> sans.add(s.asText()));
        DomainSet domains = new DomainSet(domain.get("main").asText(), sans);
        String chain = decode(entry.path("certificate").asText(""), "certificate");
        String key = decode(entry.path("key").asText(""), "key");
        CertificateBundle bundle = new CertificateBundle(domains, Pem.certificates(chain), Pem.privateKey(key));
        bundle.verify();
        return bundle;
    }

    private static byte[] account(JsonNode account, String caServer) {
        String email = account.path("Email").asText("");
        String location = account.path("Registration").path("uri").asText("");
        if (location.isEmpty()) {
            throw new IllegalArgumentException("no Registration.uri: the account was never registered");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(account.path("PrivateKey").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PrivateKey is not base64");
        }
        KeyPair pair = keyPair(der);
        ObjectNode node = JSON.createObjectNode();
        node.put("email", email);
        node.put("caServer", caServer);
        node.put("location", location);
        node.put("key", Pem.write(pair));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Traefik keeps the account key as DER: PKCS#1 for RSA, SEC1 for EC. */
    private static KeyPair keyPair(byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        for (String type : List.of("RSA PRIVATE KEY", "EC PRIVATE KEY")) {
            String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
            try (PEMParser parser = new PEMParser(new StringReader(pem))) {
                if (parser.readObject() instanceof PEMKeyPair pair) {
                    return Pem.jdkKeyPair(new JcaPEMKeyConverter().getKeyPair(pair));
                }
            } catch (IOException | RuntimeException e) {
                // try the next encoding
            }
        }
        throw new IllegalArgumentException("PrivateKey is neither a PKCS#1 RSA nor a SEC1 EC key");
    }

    private static String decode(String base64, String field) {
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("no " + field);
        }
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64");
        }
    }
}
