/**
 * {@code swarmedge downtime}: measures what clients see while a service is drained, updated or
 * killed. Several workers send requests at a fixed aggregate rate (half on a new connection per
 * request, half on kept-alive connections; GETs and POSTs), every failure is classified
 * ({@link io.swarmedge.cli.downtime.FailureKind}), and runs of consecutive failures are reported
 * as gaps ({@link io.swarmedge.cli.downtime.GapFinder}).
 */
package io.swarmedge.cli.downtime;
