package io.swarmedge.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A certificate chain with its private key, ready to serve.
 *
 * @param chain leaf first
 * @param key the leaf's private key
 * @param names the DNS names it serves, lower case ({@code *.example.com} for wildcards): the
 *     subject alternative names, or the common name when there are none
 * @param keyType the key's kind
 * @param source where it came from, for logs ({@code tls.certificates[0]}, {@code generated})
 */
public record ServerCertificate(
        List<X509Certificate> chain, PrivateKey key, Set<String> names, KeyType keyType, String source) {
    public ServerCertificate {
        chain = List.copyOf(chain);
        names = Set.copyOf(names);
        if (chain.isEmpty()) {
            throw new TlsConfigurationException(source + ": no certificate in the chain");
        }
    }

    /** Builds one from a chain and key, reading the names from the leaf. */
    public static ServerCertificate of(List<X509Certificate> chain, PrivateKey key, String source) {
        if (chain.isEmpty()) {
            throw new TlsConfigurationException(source + ": no certificate found");
        }
        return new ServerCertificate(chain, key, namesOf(chain.getFirst()), KeyType.of(key), source);
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }

    private static Set<String> namesOf(X509Certificate leaf) {
        Set<String> names = new LinkedHashSet<>();
        try {
            var sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    // 2 = dNSName, 7 = iPAddress (served when a client connects by IP and sends it as SNI)
                    if ((Integer) san.get(0) == 2 || (Integer) san.get(0) == 7) {
                        names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SANs: fall back to the common name below
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (InvalidNameException e) {
                // a certificate without names only serves as a default
            }
        }
        return names;
    }
}
