package io.swarmedge.config.dynamic;

import java.util.List;

/**
 * A router's {@code tls} section.
 *
 * @param enabled whether the router serves TLS ({@code tls: {}} or {@code tls=true} enables it)
 * @param options TLS options name ({@code ""} = the entrypoint's or {@code default})
 * @param certResolver certificate resolver name ({@code ""} = none)
 * @param domains explicit domains to obtain certificates for
 */
public record RouterTls(boolean enabled, String options, String certResolver, List<Domain> domains) {
    public static final RouterTls NONE = new RouterTls(false, "", "", List.of());

    public RouterTls {
        domains = List.copyOf(domains);
    }

    /** A domain with its subject alternative names, as in {@code tls.domains[n].main/sans}. */
    public record Domain(String main, List<String> sans) {
        public Domain {
            sans = List.copyOf(sans);
        }
    }
}
