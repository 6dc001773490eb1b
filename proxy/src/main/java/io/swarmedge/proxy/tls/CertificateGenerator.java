package io.swarmedge.proxy.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates certificates: the self-signed default certificate served for unknown names (like
 * Traefik's {@code TRAEFIK DEFAULT CERT}), and, for tests and tools, CA-signed ones.
 */
public final class CertificateGenerator {
    /** The common name of the generated default certificate. */
    public static final String DEFAULT_COMMON_NAME = "SWARMEDGE DEFAULT CERT";

    private final Clock clock;
    private final SecureRandom random;
    private ServerCertificate defaultCertificate;

    /** A generator using this clock for validity and this source for keys and serials. */
    public CertificateGenerator(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * The default certificate: self-signed, EC P-256, valid one year, no DNS name. Made once per
     * generator, so reloads keep serving the same one (clients that pinned it see no change).
     */
    public synchronized ServerCertificate defaultCertificate() {
        if (defaultCertificate == null) {
            KeyPair pair = keyPair(KeyType.EC);
            defaultCertificate = selfSigned(
                    DEFAULT_COMMON_NAME, List.of(), pair, false, Duration.ofDays(365), "generated default certificate");
        }
        return defaultCertificate;
    }

    /** A self-signed server certificate for these DNS names (and IP literals). */
    public ServerCertificate selfSigned(List<String> names, KeyType keyType, Duration validity) {
        return selfSigned(names.getFirst(), names, keyPair(keyType), false, validity, "generated " + names.getFirst());
    }

    /** A self-signed CA certificate, to sign others with {@link #signed}. */
    public ServerCertificate certificateAuthority(String commonName, KeyType keyType) {
        return selfSigned(
                commonName, List.of(), keyPair(keyType), true, Duration.ofDays(365), "generated CA " + commonName);
    }

    /** A certificate for these names signed by a CA from {@link #certificateAuthority}; chain leaf first. */
    public ServerCertificate signed(ServerCertificate ca, List<String> names, KeyType keyType, Duration validity) {
        KeyPair pair = keyPair(keyType);
        X509Certificate leaf = build(
                new X500Name(ca.leaf().getSubjectX500Principal().getName()),
                names.getFirst(),
                names,
                pair,
                ca.key(),
                false,
                validity);
        return ServerCertificate.of(List.of(leaf, ca.leaf()), pair.getPrivate(), "generated " + names.getFirst());
    }

    private ServerCertificate selfSigned(
            String commonName, List<String> names, KeyPair pair, boolean ca, Duration validity, String source) {
        X500Name subject = new X500Name("CN=" + commonName);
        X509Certificate certificate = build(subject, commonName, names, pair, pair.getPrivate(), ca, validity);
        return ServerCertificate.of(List.of(certificate), pair.getPrivate(), source);
    }

    private X509Certificate build(
            X500Name issuer,
            String commonName,
            List<String> names,
            KeyPair pair,
            PrivateKey signer,
            boolean ca,
            Duration validity) {
        Instant now = clock.instant();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(127, random).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(validity)),
                    new X500Name("CN=" + commonName),
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                int usage = KeyUsage.digitalSignature
                        | (KeyType.of(pair.getPrivate()) == KeyType.RSA ? KeyUsage.keyEncipherment : 0);
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                }));
            }
            if (!names.isEmpty()) {
                List<GeneralName> sans = new ArrayList<>();
                for (String name : names) {
                    sans.add(
                            isIpLiteral(name)
                                    ? new GeneralName(GeneralName.iPAddress, name)
                                    : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            String algorithm = KeyType.of(signer) == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm)
                    .setSecureRandom(random)
                    .build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot generate a certificate for " + commonName, e);
        }
    }

    private KeyPair keyPair(KeyType type) {
        try {
            return switch (type) {
                case EC -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"), random);
                    yield g.generateKeyPair();
                }
                case RSA -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048, random);
                    yield g.generateKeyPair();
                }
                case EDDSA -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key", e);
        }
    }

    private static boolean isIpLiteral(String name) {
        if (name.contains(":")) {
            return true;
        }
        return name.chars().allMatch(c -> c == '.' || Character.isDigit(c)) && !name.isEmpty() && tryParse(name);
    }

    private static boolean tryParse(String name) {
        try {
            InetAddress.ofLiteral(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
