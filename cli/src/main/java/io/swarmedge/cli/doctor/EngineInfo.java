package io.swarmedge.cli.doctor;

import java.time.Duration;
import java.util.Optional;

/**
 * The engine the doctor talks to ({@code /version} and {@code /info}).
 *
 * @param endpoint where it answered
 * @param version engine version ({@code 20.10.24})
 * @param apiVersion newest API version it speaks ({@code 1.41})
 * @param minApiVersion oldest API version it accepts
 * @param nodeId its swarm node id ("" outside a swarm)
 * @param swarmState {@code active}, {@code inactive}, {@code pending}, {@code error}, {@code locked}
 * @param manager whether it is a swarm manager (can answer for the whole cluster)
 * @param swarmError the engine's swarm error text, "" when none
 * @param dispatcherHeartbeat the swarm's dispatcher heartbeat period, when a manager reported it
 */
public record EngineInfo(
        String endpoint,
        String version,
        String apiVersion,
        String minApiVersion,
        String nodeId,
        String swarmState,
        boolean manager,
        String swarmError,
        Optional<Duration> dispatcherHeartbeat) {}
