package io.swarmedge.acme;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM text to and from certificates and keys (BouncyCastle, which acme4j also uses). */
public final class Pem {
    /** PEM inputs larger than this are refused. */
    public static final int MAX_PEM_CHARS = 256 * 1024;

    static {
        registerProvider();
    }

    private Pem() {}

    /** Registers the BouncyCastle provider once (acme4j's key and CSR helpers need it). */
    public static void registerProvider() {
        synchronized (Pem.class) {
            if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
                Provider provider = new BouncyCastleProvider();
                Security.addProvider(provider);
            }
        }
    }

    /**
     * The same key from the JDK's providers ({@code RSA} or {@code EC}, never BouncyCastle's {@code
     * ECDSA}), so TLS engines and key-type checks downstream see standard keys.
     */
    public static PrivateKey jdkKey(PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("RSA") ? "RSA" : "EC";
        try {
            return java.security.KeyFactory.getInstance(algorithm)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** The same key pair from the JDK's providers (see {@link #jdkKey(PrivateKey)}). */
    public static KeyPair jdkKeyPair(KeyPair pair) {
        String algorithm = pair.getPrivate().getAlgorithm().equals("RSA") ? "RSA" : "EC";
        try {
            return new KeyPair(
                    java.security.KeyFactory.getInstance(algorithm)
                            .generatePublic(new java.security.spec.X509EncodedKeySpec(
                                    pair.getPublic().getEncoded())),
                    jdkKey(pair.getPrivate()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key pair: " + e.getMessage(), e);
        }
    }

    /** Writes objects (certificates, keys) as PEM. */
    public static String write(List<?> objects) {
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

    /** Writes one object as PEM. */
    public static String write(Object object) {
        return write(List.of(object));
    }

    /**
     * Reads every certificate of a PEM text, in order.
     *
     * @throws IllegalArgumentException when the text is not PEM or holds no certificate
     */
    public static List<X509Certificate> certificates(String pem) {
        checkSize(pem);
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not valid PEM certificates: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in the PEM text");
        }
        return chain;
    }

    /**
     * Reads the first key pair or private key of a PEM text (PKCS#8, PKCS#1 or SEC1).
     *
     * @throws IllegalArgumentException when there is none
     */
    public static PrivateKey privateKey(String pem) {
        checkSize(pem);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    return jdkKey(converter.getKeyPair(pair).getPrivate());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return jdkKey(converter.getPrivateKey(info));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no private key in the PEM text");
    }

    /** Reads a key pair written by {@link #write(Object)} of a {@link KeyPair}. */
    public static KeyPair keyPair(String pem) {
        checkSize(pem);
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    return new JcaPEMKeyConverter().getKeyPair(pair);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid PEM key pair: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no key pair in the PEM text");
    }

    private static void checkSize(String pem) {
        if (pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("PEM text of " + pem.length() + " characters is too large");
        }
    }
}
