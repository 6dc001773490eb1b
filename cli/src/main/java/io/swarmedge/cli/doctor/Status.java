package io.swarmedge.cli.doctor;

/** How a finding reads: fine, worth a look, or broken. Ordered from best to worst. */
public enum Status {
    OK,
    WARN,
    FAIL
}
