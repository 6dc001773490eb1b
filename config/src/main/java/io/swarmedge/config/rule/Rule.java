package io.swarmedge.config.rule;

import java.util.Optional;
import java.util.Set;

/** A compiled router rule: thread-safe, allocation-light matching of requests. */
public interface Rule {
    /** Whether the request matches. */
    boolean matches(RequestView request);

    /**
     * The exact host names (lower case) one of which a request must have for this rule to match, when
     * the rule constrains them that way (e.g. {@code Host(`a`) && PathPrefix(`/x`)} or {@code
     * Host(`a`) || Host(`b`)}). Empty when the rule can match any host. Used by the host index to
     * skip rules that cannot match.
     */
    Optional<Set<String>> requiredHosts();

    /** The rule's source text. */
    String source();
}
