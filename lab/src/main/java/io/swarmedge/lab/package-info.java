/**
 * The Java side of the three-node swarm lab: {@link io.swarmedge.lab.Lab} drives {@code lab/lab.sh}
 * (up, down, status, exec on a node, which node holds the VIP) for the drills and smoke tests.
 */
package io.swarmedge.lab;
