package io.swarmedge.cli.doctor;

import java.util.List;

/**
 * What the doctor learnt about the floating address beside the API.
 *
 * @param addresses the addresses checked: given with {@code --vip} or found in the vip service's configuration
 * @param addressProblem why no addresses were found, "" when they were
 * @param probes what each node's vip said, one per running vip task (none when it serves no metrics)
 */
public record VipObservation(List<String> addresses, String addressProblem, List<VipProbe> probes) {
    public VipObservation {
        addresses = List.copyOf(addresses);
        probes = List.copyOf(probes);
    }

    public static VipObservation given(List<String> addresses) {
        return new VipObservation(addresses, "", List.of());
    }
}
