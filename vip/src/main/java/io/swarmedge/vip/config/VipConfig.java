package io.swarmedge.vip.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every virtual router this process runs. */
public record VipConfig(List<InstanceConfig> instances) {
    public VipConfig {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("no VRRP instance configured");
        }
        Set<String> seen = new HashSet<>();
        for (InstanceConfig i : instances) {
            if (!seen.add(i.name())) {
                throw new IllegalArgumentException("instance \"" + i.name() + "\" is defined twice");
            }
        }
        instances = List.copyOf(instances);
    }
}
