package io.swarmedge.vip.config;

import java.time.Duration;

/**
 * A check with keepalived's tracking semantics: positive weight adds to the priority while
 * healthy, negative weight subtracts while failing, weight 0 forces FAULT while failing.
 * {@code rise}/{@code fall} consecutive results change its state.
 */
public record TrackedCheckConfig(
        String name,
        CheckSpec check,
        Duration interval,
        Duration timeout,
        int weight,
        int rise,
        int fall,
        boolean initFail) {
    public TrackedCheckConfig {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("check \"" + name + "\": interval must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("check \"" + name + "\": timeout must be positive");
        }
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("check \"" + name + "\": weight " + weight + " out of range -253..253");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("check \"" + name + "\": rise and fall must be at least 1");
        }
    }

    public TrackedCheckConfig withWeight(int newWeight) {
        return new TrackedCheckConfig(name, check, interval, timeout, newWeight, rise, fall, initFail);
    }
}
