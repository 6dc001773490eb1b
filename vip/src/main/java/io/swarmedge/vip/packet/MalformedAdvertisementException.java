package io.swarmedge.vip.packet;

/** A received datagram that is not a valid VRRP advertisement; the message says why. */
public final class MalformedAdvertisementException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedAdvertisementException(String message) {
        super(message);
    }
}
