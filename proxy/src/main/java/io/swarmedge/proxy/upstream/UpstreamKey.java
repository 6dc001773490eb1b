package io.swarmedge.proxy.upstream;

import io.swarmedge.config.dynamic.ServersTransport;
import java.net.URI;

/**
 * What makes two upstreams the same across reloads: the server URL and how it is reached. Pools and
 * ejection state survive a reload for every key the new configuration still has.
 */
public record UpstreamKey(URI url, ServersTransport transport) {}
