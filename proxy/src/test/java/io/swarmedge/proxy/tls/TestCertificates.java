package io.swarmedge.proxy.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/** Certificates for tests, generated once per JVM, and their PEM forms. */
final class TestCertificates {
    static final CertificateGenerator GENERATOR = new CertificateGenerator(Clock.systemUTC(), new SecureRandom());
    static final ServerCertificate CA = GENERATOR.certificateAuthority("swarmedge test CA", KeyType.EC);
    static final ServerCertificate RSA_A =
            GENERATOR.signed(CA, List.of("a.example.com"), KeyType.RSA, Duration.ofDays(30));
    static final ServerCertificate EC_A =
            GENERATOR.signed(CA, List.of("a.example.com"), KeyType.EC, Duration.ofDays(30));
    static final ServerCertificate EC_WILDCARD =
            GENERATOR.signed(CA, List.of("*.wild.example.com"), KeyType.EC, Duration.ofDays(30));
    static final ServerCertificate CLIENT =
            GENERATOR.signed(CA, List.of("client.example.com"), KeyType.EC, Duration.ofDays(30));

    private TestCertificates() {}

    static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static String chainPem(ServerCertificate certificate) {
        return pem(certificate.chain().toArray());
    }

    /** The key as PKCS#1 ("RSA PRIVATE KEY") or SEC1 with its curve ("EC PRIVATE KEY"), as openssl writes them. */
    static String traditionalKeyPem(ServerCertificate certificate) {
        if (certificate.keyType() != KeyType.EC) {
            return pem(certificate.key());
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(certificate.key().getEncoded());
            java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) certificate.key();
            ECPrivateKey sec1 = new ECPrivateKey(
                    256, ec.getS(), info.getPrivateKeyAlgorithm().getParameters());
            return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as PKCS#8 ("PRIVATE KEY"). */
    static String pkcs8KeyPem(ServerCertificate certificate) {
        try {
            return pem(new JcaPKCS8Generator(certificate.key(), null).generate());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
