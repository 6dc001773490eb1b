package io.swarmedge.proxy.tls;

import static io.swarmedge.proxy.tls.TestCertificates.EC_A;
import static io.swarmedge.proxy.tls.TestCertificates.RSA_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.config.dynamic.CertificateSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void loadsFilesWithPkcs1Sec1AndPkcs8Keys() throws Exception {
        for (ServerCertificate original : List.of(RSA_A, EC_A)) {
            Path cert = TestCertificates.write(dir, "cert.pem", TestCertificates.chainPem(original));
            for (String keyPem :
                    List.of(TestCertificates.traditionalKeyPem(original), TestCertificates.pkcs8KeyPem(original))) {
                Path key = TestCertificates.write(dir, "key.pem", keyPem);
                ServerCertificate loaded = PemCertificates.load(
                        new CertificateSource(cert.toString(), key.toString(), List.of()), "tls.certificates[0]");
                assertThat(loaded.chain()).isEqualTo(original.chain());
                // the load itself checked that the key signs what the certificate verifies
                assertThat(loaded.key().getAlgorithm()).isEqualTo(original.key().getAlgorithm());
                assertThat(loaded.names()).containsExactly("a.example.com");
                assertThat(loaded.keyType()).isEqualTo(original.keyType());
                assertThat(loaded.source()).isEqualTo("tls.certificates[0]");
            }
        }
    }

    @Test
    void loadsInlinePem() {
        ServerCertificate loaded = PemCertificates.load(
                new CertificateSource(TestCertificates.chainPem(EC_A), TestCertificates.pkcs8KeyPem(EC_A), List.of()),
                "tls.certificates[3]");
        assertThat(loaded.leaf()).isEqualTo(EC_A.leaf());
        assertThat(loaded.chain()).hasSize(2);
    }

    @Test
    void errorsNameTheKeyAndTheFile() {
        assertThatThrownBy(() -> PemCertificates.load(
                        new CertificateSource("/nonexistent/cert.pem", "/nonexistent/key.pem", List.of()),
                        "tls.certificates[1]"))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageStartingWith("tls.certificates[1].certFile: cannot read file /nonexistent/cert.pem");
        assertThatThrownBy(() -> PemCertificates.load(
                        new CertificateSource(
                                TestCertificates.chainPem(EC_A), TestCertificates.chainPem(EC_A), List.of()),
                        "tls.certificates[2]"))
                .hasMessage("tls.certificates[2].keyFile: no private key in inline PEM");
        assertThatThrownBy(() -> PemCertificates.load(
                        new CertificateSource(
                                TestCertificates.chainPem(EC_A), TestCertificates.pkcs8KeyPem(RSA_A), List.of()),
                        "tls.certificates[4]"))
                .hasMessage("tls.certificates[4]: the private key does not belong to the certificate");
        assertThatThrownBy(() -> PemCertificates.load(
                        new CertificateSource(
                                TestCertificates.chainPem(EC_A),
                                TestCertificates.pkcs8KeyPem(TestCertificates.EC_WILDCARD),
                                List.of()),
                        "tls.certificates[5]"))
                .hasMessage("tls.certificates[5]: the private key does not belong to the certificate");
        assertThatThrownBy(() -> PemCertificates.certificates("-----BEGIN CERTIFICATE-----\nnot base64\n", "k"))
                .hasMessageStartingWith("k: inline PEM is not valid PEM");
    }
}
