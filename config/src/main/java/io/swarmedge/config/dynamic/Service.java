package io.swarmedge.config.dynamic;

/** An HTTP service: where a router sends requests. */
public sealed interface Service permits LoadBalancerService, WeightedService {}
