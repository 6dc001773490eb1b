package io.swarmedge.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * An issued certificate with its key: what the store keeps and what the proxy serves.
 *
 * @param domains the names it was ordered for
 * @param chain leaf first, then the intermediates
 * @param key the leaf's private key
 */
public record CertificateBundle(DomainSet domains, List<X509Certificate> chain, PrivateKey key) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public CertificateBundle {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate for " + domains + ": empty chain");
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** The validity period of the leaf. */
    public Duration lifetime() {
        return Duration.between(notBefore(), notAfter());
    }

    /** The chain as PEM, leaf first. */
    public String chainPem() {
        return Pem.write(chain);
    }

    /** The private key as PEM. */
    public String keyPem() {
        return Pem.write(key);
    }

    /** The DNS names in the leaf's subject alternative names, lower case. */
    public List<String> leafNames() {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf().getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if ((Integer) san.get(0) == 2) {
                        names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no readable names: the caller's check fails
        }
        return names;
    }

    /**
     * Checks that the leaf names every domain and that the key belongs to the leaf: a store entry
     * written by someone else must not make us serve a certificate for other names or with a foreign key.
     *
     * @throws IllegalArgumentException saying what does not hold
     */
    public void verify() {
        List<String> names = leafNames();
        for (String name : domains.names()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException(
                        "the certificate does not name " + name + " (it names " + names + ")");
            }
        }
        try {
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] probe = "swarmedge key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf().getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the private key does not belong to the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the private key does not belong to the certificate: " + e.getMessage(), e);
        }
    }

    /** The store's JSON form. */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("main", domains.main());
        var sans = node.putArray("sans");
        domains.sans().forEach(sans::add);
        node.put("certificate", chainPem());
        node.put("key", keyPem());
        node.put("notAfter", notAfter().toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and {@linkplain #verify() verifies} the store's JSON form.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static CertificateBundle fromJson(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (String field : List.of("main", "certificate", "key")) {
            if (!node.path(field).isTextual()) {
                throw new IllegalArgumentException("field \"" + field + "\" is missing or not a string");
            }
        }
        List<String> sans = new ArrayList<>();
        for (JsonNode san : node.path("sans")) {
            sans.add(san.asText());
        }
        CertificateBundle bundle = new CertificateBundle(
                new DomainSet(node.get("main").asText(), sans),
                Pem.certificates(node.get("certificate").asText()),
                Pem.privateKey(node.get("key").asText()));
        bundle.verify();
        return bundle;
    }
}
