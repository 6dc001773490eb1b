package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VipProberTest {
    @Test
    void readsEveryInstancesStateFromPrometheusText() {
        String scrape = """
                # HELP vip_state VRRP state: 0 initialize, 1 backup, 2 master, 3 fault
                # TYPE vip_state gauge
                vip_state{instance="edge",} 2.0
                vip_state{instance="db"} 1.0
                vip_priority{instance="edge",} 120.0
                vip_transitions_total{from="BACKUP",instance="edge",to="MASTER",} 1.0
                """;

        assertThat(VipProber.parse(scrape))
                .containsExactly(java.util.Map.entry("edge", 2), java.util.Map.entry("db", 1));
        assertThat(VipProber.parse("vip_priority{instance=\"edge\",} 120.0\n")).isEmpty();
    }
}
