package io.swarmedge.proxy.tls;

import io.swarmedge.config.dynamic.CertificateSource;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM certificates and keys given as Traefik takes them: a file path, or the PEM text itself
 * inline. Keys may be PKCS#8, PKCS#1 (RSA) or SEC1 (EC); encrypted keys are refused. Inputs are
 * bounded in size.
 */
public final class PemCertificates {
    /** Larger PEM inputs are refused: a chain of a few certificates is a few KiB. */
    public static final int MAX_PEM_BYTES = 1 << 20;

    private PemCertificates() {}

    /**
     * Loads one {@code tls.certificates} entry.
     *
     * @param key its configuration key, e.g. {@code tls.certificates[0]}, named in errors
     * @throws TlsConfigurationException naming the key and the file when it cannot be used
     */
    public static ServerCertificate load(CertificateSource source, String key) {
        List<X509Certificate> chain = certificates(source.certFile(), key + ".certFile");
        PrivateKey privateKey = privateKey(source.keyFile(), key + ".keyFile");
        ServerCertificate certificate = ServerCertificate.of(chain, privateKey, key);
        if (!belongTogether(certificate)) {
            throw new TlsConfigurationException(key + ": the private key does not belong to the certificate");
        }
        return certificate;
    }

    /**
     * Reads the certificates of a PEM file or inline PEM (e.g. CA files for client auth).
     *
     * @throws TlsConfigurationException naming the key when it cannot be read or holds none
     */
    public static List<X509Certificate> certificates(String fileOrPem, String key) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(open(fileOrPem, key))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (TlsConfigurationException e) {
            throw e;
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new TlsConfigurationException(
                    key + ": " + describe(fileOrPem) + " is not valid PEM: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigurationException(key + ": no certificate in " + describe(fileOrPem));
        }
        return certificates;
    }

    /**
     * Reads the first private key of a PEM file or inline PEM.
     *
     * @throws TlsConfigurationException naming the key when there is none or it is encrypted
     */
    public static PrivateKey privateKey(String fileOrPem, String key) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(open(fileOrPem, key))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o.getClass().getSimpleName().contains("Encrypted")) {
                    throw new TlsConfigurationException(key + ": encrypted private keys are not supported");
                }
            }
        } catch (TlsConfigurationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TlsConfigurationException(
                    key + ": " + describe(fileOrPem) + " is not valid PEM: " + e.getMessage(), e);
        }
        throw new TlsConfigurationException(key + ": no private key in " + describe(fileOrPem));
    }

    private static Reader open(String fileOrPem, String key) {
        if (isInline(fileOrPem)) {
            if (fileOrPem.length() > MAX_PEM_BYTES) {
                throw new TlsConfigurationException(key + ": inline PEM larger than " + MAX_PEM_BYTES + " bytes");
            }
            return new StringReader(fileOrPem);
        }
        if (fileOrPem.isBlank()) {
            throw new TlsConfigurationException(key + ": empty (expected a file path or PEM text)");
        }
        Path path = Path.of(fileOrPem);
        try {
            if (Files.size(path) > MAX_PEM_BYTES) {
                throw new TlsConfigurationException(
                        key + ": file " + path + " larger than " + MAX_PEM_BYTES + " bytes");
            }
            return new StringReader(Files.readString(path, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new TlsConfigurationException(key + ": cannot read file " + path + ": " + e, e);
        }
    }

    /** Traefik's rule: content that starts like PEM is PEM, anything else a path. */
    static boolean isInline(String fileOrPem) {
        return fileOrPem.stripLeading().startsWith("-----BEGIN");
    }

    private static String describe(String fileOrPem) {
        return isInline(fileOrPem) ? "inline PEM" : "file " + fileOrPem;
    }

    /** Signs a probe with the key and checks it with the leaf's public key. */
    private static boolean belongTogether(ServerCertificate certificate) {
        String algorithm = switch (certificate.keyType()) {
            case RSA -> "SHA256withRSA";
            case EC -> "SHA256withECDSA";
            case EDDSA -> certificate.key().getAlgorithm();
        };
        try {
            byte[] probe = "swarmedge key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(certificate.key());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.leaf().getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
