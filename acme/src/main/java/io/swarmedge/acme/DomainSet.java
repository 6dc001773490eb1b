package io.swarmedge.acme;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names one certificate covers, as Traefik's {@code tls.domains[n]} gives them: a main name and
 * subject alternative names. Names are lower case, validated, without duplicates; a wildcard is
 * {@code *.example.com}.
 *
 * @param main the first name (the certificate's common name, the store entry's name)
 * @param sans the other names, in order, without {@code main}
 */
public record DomainSet(String main, List<String> sans) {
    /** At most this many names per certificate (Let's Encrypt allows 100). */
    public static final int MAX_NAMES = 100;

    private static final Pattern NAME =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public DomainSet {
        main = normalize(main);
        Set<String> unique = new LinkedHashSet<>();
        for (String san : sans) {
            String name = normalize(san);
            if (!name.equals(main)) {
                unique.add(name);
            }
        }
        sans = List.copyOf(unique);
        if (sans.size() + 1 > MAX_NAMES) {
            throw new IllegalArgumentException("domains of " + main + ": " + (sans.size() + 1)
                    + " names is more than the " + MAX_NAMES + " a certificate may hold");
        }
    }

    /** One name. */
    public static DomainSet of(String main, String... sans) {
        return new DomainSet(main, List.of(sans));
    }

    /** All names, main first. */
    public List<String> names() {
        List<String> names = new ArrayList<>(sans.size() + 1);
        names.add(main);
        names.addAll(sans);
        return names;
    }

    /**
     * A file-safe identifier of the set: the main name ({@code *} written as {@code _}), followed by
     * {@code _} and a hash of the other names when there are any, so two routers with the same main
     * name but different alternative names never share (and fight over) one store entry.
     */
    public String id() {
        String base = main.replace('*', '_');
        if (sans.isEmpty()) {
            return base;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", new java.util.TreeSet<>(sans))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return base + "_" + java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether both name the same main name and the same alternative names, in any order. */
    public boolean sameNames(DomainSet other) {
        return main.equals(other.main) && Set.copyOf(sans).equals(Set.copyOf(other.sans));
    }

    private static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.length() > 253 || !NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid domain name for a certificate");
        }
        return n;
    }

    @Override
    public String toString() {
        return String.join(",", names());
    }
}
