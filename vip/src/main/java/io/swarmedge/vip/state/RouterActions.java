package io.swarmedge.vip.state;

/** What the state machine asks of the outside world; called on the scheduler thread. */
public interface RouterActions {
    /** Sends one advertisement with {@code priority} (0 = "I am leaving"). */
    void sendAdvertisement(int priority);

    /** Takes the virtual addresses: add them, announce them. */
    void becomeMaster();

    /** Announces the addresses again (gratuitous ARP / unsolicited NA) while master. */
    void reannounce();

    /** Gives the virtual addresses up. */
    void leaveMaster();

    /** Reports a state change, for logs, metrics and notify hooks. */
    void transitioned(VrrpState from, VrrpState to, int priority, String reason);
}
