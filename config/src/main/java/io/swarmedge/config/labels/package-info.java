/**
 * Traefik's label grammar for Swarm services. {@link io.swarmedge.config.labels.LabelDecoder} turns
 * one service's labels into {@link io.swarmedge.config.labels.ServiceLabels}: the routers,
 * middlewares and load balancers they define (decoded by the same code as YAML files) and, per load
 * balancer, a {@link io.swarmedge.config.labels.ServerTemplate} the Swarm provider fills with task
 * addresses:
 *
 * <pre>{@code
 * LabelDecoder decoder = new LabelDecoder(settings.labelPrefix(), new DefaultRuleTemplate(settings.defaultRule()));
 * LabelConstraint constraints = LabelConstraint.parse(settings.constraints());
 * ServiceLabels labels = decoder.decode(service.name(), service.labels());
 * if (labels.enable().exposed(settings.exposedByDefault()) && constraints.test(service.labels())) {
 *     Decoded withTasks = labels.withServers(service.name(), runningTaskAddresses);
 *     union.add("service \"" + service.name() + "\"", withTasks.config());   // provider.ConfigUnion
 *     labels.errors().forEach(union::error);
 *     withTasks.errors().forEach(union::error);
 * }
 * }</pre>
 */
package io.swarmedge.config.labels;
