package io.swarmedge.socketproxy.http;

/** Thrown by parsers of request parts; carries the {@link Refusal} to answer with. */
public final class RefusedException extends Exception {
    private final transient Refusal refusal;

    public RefusedException(Refusal refusal) {
        super(refusal.rule() + ": " + refusal.detail(), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
