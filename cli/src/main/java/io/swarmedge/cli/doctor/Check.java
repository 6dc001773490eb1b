package io.swarmedge.cli.doctor;

import java.util.List;

/**
 * One area of the doctor's examination: a pure function of a snapshot read once from the cluster. Its
 * findings name the area they are grouped under.
 */
@FunctionalInterface
public interface Check {
    /** What this area looks like in {@code snapshot}; never empty. */
    List<Finding> check(ClusterSnapshot snapshot);
}
