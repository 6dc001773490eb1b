package io.swarmedge.proxy.balancer;

import io.swarmedge.config.dynamic.HealthCheck;
import io.swarmedge.proxy.upstream.UpstreamKey;

/** What an active health state belongs to: a server of a service, checked one way. */
public record HealthKey(String service, UpstreamKey upstream, HealthCheck check) {}
