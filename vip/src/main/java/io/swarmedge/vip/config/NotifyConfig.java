package io.swarmedge.vip.config;

import java.util.List;
import java.util.Optional;

/**
 * Programs run on transitions, as keepalived's {@code notify_master/backup/fault/stop} (run as
 * given) and {@code notify} (run with {@code INSTANCE name STATE priority} appended).
 */
public record NotifyConfig(
        Optional<List<String>> master,
        Optional<List<String>> backup,
        Optional<List<String>> fault,
        Optional<List<String>> stop,
        Optional<List<String>> any) {
    public static NotifyConfig none() {
        return new NotifyConfig(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
