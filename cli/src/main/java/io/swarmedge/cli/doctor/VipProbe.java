package io.swarmedge.cli.doctor;

import java.util.Map;

/**
 * What one node's {@code swarmedge vip} said about its VRRP instances through its metrics endpoint.
 *
 * @param nodeId the node asked
 * @param url the metrics URL asked
 * @param states instance name to VRRP state ({@code vip_state}: 0 initialize, 1 backup, 2 master, 3 fault)
 * @param error why it could not be asked, "" when it answered
 */
public record VipProbe(String nodeId, String url, Map<String, Integer> states, String error) {
    public static final int MASTER = 2;

    public VipProbe {
        states = Map.copyOf(states);
    }

    public boolean answered() {
        return error.isEmpty();
    }

    public static String stateName(int state) {
        return switch (state) {
            case 0 -> "INITIALIZE";
            case 1 -> "BACKUP";
            case 2 -> "MASTER";
            case 3 -> "FAULT";
            default -> "state " + state;
        };
    }
}
