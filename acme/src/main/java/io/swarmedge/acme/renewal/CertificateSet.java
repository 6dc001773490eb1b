package io.swarmedge.acme.renewal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every ACME certificate this replica serves, as handed to the proxy's SNI selector.
 *
 * @param certificates one per demand that has a certificate (possibly expired: better than none)
 */
public record CertificateSet(List<ServedCertificate> certificates) {
    public static final CertificateSet EMPTY = new CertificateSet(List.of());

    public CertificateSet {
        certificates = List.copyOf(certificates);
    }

    /** Name → certificate ({@code *.example.com} for wildcards), first demand wins on overlaps. */
    public Map<String, ServedCertificate> byName() {
        Map<String, ServedCertificate> names = new LinkedHashMap<>();
        for (ServedCertificate served : certificates) {
            for (String name : served.demand().domains().names()) {
                names.putIfAbsent(name, served);
            }
        }
        return names;
    }

    /** The certificate for an exact name, if any. */
    public Optional<ServedCertificate> forName(String name) {
        return Optional.ofNullable(byName().get(name));
    }
}
