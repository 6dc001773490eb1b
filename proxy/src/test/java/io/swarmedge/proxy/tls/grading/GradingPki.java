package io.swarmedge.proxy.tls.grading;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI for one grading run: a test CA and a server certificate it signed, written as PEM
 * files that nginx, HAProxy, testssl.sh and swarmedge all read. Generated with BouncyCastle (not the
 * proxy's own generator) so the proxy is graded with certificates it did not make.
 *
 * @param caPem the test CA's certificate (what testssl gets as {@code --add-ca})
 * @param chainPem the server certificate followed by the CA certificate
 * @param keyPem the server's private key, PKCS#8
 * @param serverName the DNS name the server certificate is for (the SNI name of the scan)
 * @param algorithm the server key's algorithm
 */
record GradingPki(Path caPem, Path chainPem, Path keyPem, String serverName, KeyAlgorithm algorithm) {

    /** Server key algorithms: RSA for the seed's ECDHE-RSA TLS 1.2 suites, EC P-256 for our examples. */
    enum KeyAlgorithm {
        RSA_2048,
        RSA_4096,
        EC_P256;

        boolean isRsa() {
            return this != EC_P256;
        }

        KeyPair generate(SecureRandom random) {
            try {
                return switch (this) {
                    case RSA_2048, RSA_4096 -> {
                        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                        g.initialize(this == RSA_2048 ? 2048 : 4096, random);
                        yield g.generateKeyPair();
                    }
                    case EC_P256 -> {
                        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                        g.initialize(new ECGenParameterSpec("secp256r1"), random);
                        yield g.generateKeyPair();
                    }
                };
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a " + this + " key", e);
            }
        }

        String signatureAlgorithm() {
            return isRsa() ? "SHA256withRSA" : "SHA256withECDSA";
        }
    }

    private static final Duration CA_VALIDITY = Duration.ofDays(365);
    // Longer than 30 days: testssl.sh flags shorter validity, which would only add noise to the report.
    private static final Duration SERVER_VALIDITY = Duration.ofDays(90);
    private static final Duration BACKDATE = Duration.ofHours(1);

    /**
     * Generates a CA (same key family as the server key, so the chain needs no mixed signature
     * algorithms) and a server certificate for {@code serverName}, and writes {@code ca.pem},
     * {@code chain.pem} and {@code key.pem} into {@code dir}.
     */
    static GradingPki generate(Path dir, String serverName, KeyAlgorithm algorithm, Clock clock) {
        SecureRandom random = new SecureRandom();
        Instant now = clock.instant();
        KeyAlgorithm caAlgorithm = algorithm.isRsa() ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.EC_P256;
        KeyPair caKeys = caAlgorithm.generate(random);
        X500Name caName = new X500Name("CN=swarmedge grading test CA " + algorithm);
        X509Certificate ca =
                sign(caName, caKeys.getPublic(), caName, caKeys, caAlgorithm, now, CA_VALIDITY, random, builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    builder.addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        KeyPair serverKeys = algorithm.generate(random);
        X509Certificate server = sign(
                new X500Name("CN=" + serverName),
                serverKeys.getPublic(),
                caName,
                caKeys,
                caAlgorithm,
                now,
                SERVER_VALIDITY,
                random,
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    // keyEncipherment only matters for RSA key transport, which the graded servers must not offer
                    // anyway; it is what a public CA puts in an RSA certificate.
                    int usage = KeyUsage.digitalSignature | (algorithm.isRsa() ? KeyUsage.keyEncipherment : 0);
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                    builder.addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    builder.addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, serverName)));
                    builder.addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions().createAuthorityKeyIdentifier(caKeys.getPublic()));
                });
        try {
            Files.createDirectories(dir);
            Path caPem = Files.writeString(dir.resolve("ca.pem"), pem(ca));
            Path chainPem = Files.writeString(dir.resolve("chain.pem"), pem(server, ca));
            Path keyPem = Files.writeString(dir.resolve("key.pem"), pkcs8(serverKeys.getPrivate()));
            return new GradingPki(caPem, chainPem, keyPem, serverName, algorithm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the grading PKI to " + dir, e);
        }
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    private static X509Certificate sign(
            X500Name subject,
            PublicKey subjectKey,
            X500Name issuer,
            KeyPair issuerKeys,
            KeyAlgorithm issuerAlgorithm,
            Instant now,
            Duration validity,
            SecureRandom random,
            Extensions extensions) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(127, random).add(BigInteger.ONE),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)),
                    subject,
                    subjectKey);
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, extensions().createSubjectKeyIdentifier(subjectKey));
            extensions.add(builder);
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(issuerAlgorithm.signatureAlgorithm())
                            .build(issuerKeys.getPrivate())));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate for " + subject, e);
        }
    }

    private static JcaX509ExtensionUtils extensions() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available for key identifiers", e);
        }
    }

    private static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String pkcs8(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
