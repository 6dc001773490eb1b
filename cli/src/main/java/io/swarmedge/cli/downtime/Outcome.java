package io.swarmedge.cli.downtime;

import java.util.Objects;

/** What one request ended with. */
public sealed interface Outcome {
    /** Whether this outcome counts as served (a 2xx or 3xx answer). */
    boolean ok();

    /** A complete HTTP answer with a 2xx or 3xx status. */
    record Answered(int status) implements Outcome {
        public Answered {
            if (status < 200 || status > 399) {
                throw new IllegalArgumentException("an answered request has a 2xx/3xx status, got " + status);
            }
        }

        @Override
        public boolean ok() {
            return true;
        }
    }

    /**
     * A failed request.
     *
     * @param kind the class of failure
     * @param detail what exactly happened, e.g. {@code HTTP 503} or {@code Connection refused}
     */
    record Failed(FailureKind kind, String detail) implements Outcome {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean ok() {
            return false;
        }
    }

    /** The outcome of a complete answer with {@code status}: answered, 5xx, or other. */
    static Outcome ofStatus(int status) {
        if (status >= 200 && status <= 399) {
            return new Answered(status);
        }
        FailureKind kind = status >= 500 && status <= 599 ? FailureKind.SERVER_ERROR : FailureKind.OTHER;
        return new Failed(kind, "HTTP " + status);
    }
}
