package io.swarmedge.socketproxy.policy;

import io.swarmedge.socketproxy.http.Refusal;

/** What a {@link Policy} decides about one request. */
public sealed interface Verdict {
    /** Forward the request as it is (re-serialised); {@code rule} names what allowed it, for the log. */
    record Allow(String rule) implements Verdict {}

    /** Refuse the request. */
    record Deny(Refusal refusal) implements Verdict {}

    /**
     * Forward only if the named store object passes the check: {@code guard} says which check and {@code ref} is the
     * object reference taken from the path (empty for list and create).
     */
    record Guarded(StoreKind kind, Guard guard, String ref, String prefix) implements Verdict {}

    /** The checks the edge profile applies to config and secret calls. */
    enum Guard {
        /** GET list: the response is filtered down to objects named with the prefix. */
        LIST,
        /** GET inspect: the response is refused unless the object is named with the prefix. */
        INSPECT,
        /** POST create: the request body's Name must start with the prefix. */
        CREATE,
        /** POST update: the existing object and the body's Name must carry the prefix. */
        UPDATE,
        /** DELETE: the existing object must carry the prefix. */
        DELETE
    }

    /** The store object kinds the edge profile guards. */
    enum StoreKind {
        CONFIGS("configs"),
        SECRETS("secrets");

        private final String segment;

        StoreKind(String segment) {
            this.segment = segment;
        }

        public String segment() {
            return segment;
        }
    }

    static Verdict deny(String rule, String detail) {
        return new Deny(Refusal.forbidden(rule, detail));
    }
}
