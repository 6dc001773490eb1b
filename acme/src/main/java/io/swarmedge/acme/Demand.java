package io.swarmedge.acme;

/**
 * One certificate the proxy needs: which resolver orders it and for which names. The proxy computes
 * these from routers with {@code tls.certresolver} (the hosts of their {@code Host(...)} rules, or
 * their {@code tls.domains}).
 *
 * @param resolver the name of a {@code certificatesresolvers.<name>}
 * @param domains the names
 */
public record Demand(String resolver, DomainSet domains) {
    @Override
    public String toString() {
        return resolver + ":" + domains;
    }
}
