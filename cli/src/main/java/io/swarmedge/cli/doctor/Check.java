package io.swarmedge.cli.doctor;

import java.util.List;

/** One area of the doctor's examination: a pure function of a snapshot read once from the cluster. */
public interface Check {
    /** The area name the findings are grouped under. */
    String area();

    /** What this area looks like in {@code snapshot}; never empty. */
    List<Finding> check(ClusterSnapshot snapshot);
}
