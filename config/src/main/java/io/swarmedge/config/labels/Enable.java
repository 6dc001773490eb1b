package io.swarmedge.config.labels;

/** The {@code traefik.enable} label: absent, true or false. */
public enum Enable {
    /** No label: the provider's {@code exposedByDefault} decides. */
    UNSET,
    TRUE,
    FALSE;

    /** Whether the service is exposed, given the provider's {@code exposedByDefault}. */
    public boolean exposed(boolean exposedByDefault) {
        return this == UNSET ? exposedByDefault : this == TRUE;
    }
}
