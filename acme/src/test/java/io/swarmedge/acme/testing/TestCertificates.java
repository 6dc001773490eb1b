package io.swarmedge.acme.testing;

import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.order.KeyType;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for unit tests. */
public final class TestCertificates {
    private TestCertificates() {}

    public static CertificateBundle issue(DomainSet domains, java.time.Instant notBefore, java.time.Instant notAfter) {
        try {
            KeyPair keys = KeyType.EC256.generate();
            var builder = new JcaX509v3CertificateBuilder(
                    new X500Name("CN=" + domains.main()),
                    BigInteger.valueOf(System.nanoTime()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    new X500Name("CN=" + domains.main()),
                    keys.getPublic());
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(domains.names().stream()
                            .map(n -> new GeneralName(GeneralName.dNSName, n))
                            .toArray(GeneralName[]::new)));
            var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new CertificateBundle(
                    domains, List.of(new JcaX509CertificateConverter().getCertificate(holder)), keys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
