package io.swarmedge.vip.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** What a tracked check does. */
public sealed interface CheckSpec {
    /** Runs a program (no shell); exit status 0 is healthy. keepalived's {@code vrrp_script}. */
    record Script(List<String> command) implements CheckSpec {
        public Script {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("empty script");
            }
            command = List.copyOf(command);
        }
    }

    /** The Docker daemon answers {@code GET /_ping} with 200 on its unix socket. */
    record DockerPing(Path socket) implements CheckSpec {}

    /** An HTTP(S) URL answers 2xx. */
    record HttpGet(URI url, boolean insecure) implements CheckSpec {}

    /**
     * The local swarmedge proxy answers its {@code /ping} (by default {@code http://127.0.0.1:8080/ping})
     * with 200. Its 503 ("no current configuration yet" or "draining") is a definite answer that
     * fails the check at once, whatever {@code fall} says; no answer at all counts toward {@code fall}.
     */
    record ProxyPing(URI url) implements CheckSpec {}

    /** A network interface is up with carrier; keepalived's {@code track_interface}. */
    record InterfaceUp(String name) implements CheckSpec {}
}
