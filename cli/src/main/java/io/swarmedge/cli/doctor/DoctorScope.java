package io.swarmedge.cli.doctor;

import java.util.List;

/**
 * What the user asked the doctor to look at.
 *
 * @param network the overlay network the proxy routes on ({@code web-servers})
 * @param stacks stacks whose services count (empty: every service of the swarm)
 * @param vipAddresses floating addresses given with {@code --vip} (empty: discovered from the vip service)
 */
public record DoctorScope(String network, List<String> stacks, List<String> vipAddresses) {
    public DoctorScope {
        stacks = List.copyOf(stacks);
        vipAddresses = List.copyOf(vipAddresses);
    }

    /** Whether a service of {@code stack} (its {@code com.docker.stack.namespace}, or "") is in scope. */
    public boolean includesStack(String stack) {
        return stacks.isEmpty() || stacks.contains(stack);
    }
}
