package io.swarmedge.vip.state;

/** The states of RFC 5798 §6.4, plus keepalived's FAULT for a failed unweighted check. */
public enum VrrpState {
    INITIALIZE,
    BACKUP,
    MASTER,
    FAULT
}
