package io.swarmedge.config.staticconfig;

import java.util.ArrayList;
import java.util.List;

/** A readable summary of a {@link StaticConfig}, as {@code swarmedge proxy --check} prints it. */
public final class StaticConfigSummary {
    private StaticConfigSummary() {}

    /** Several lines describing what the configuration does. */
    public static String describe(StaticConfig c) {
        StringBuilder b = new StringBuilder();
        b.append("entrypoints:\n");
        for (EntryPoint ep : new java.util.TreeMap<>(c.entryPoints()).values()) {
            List<String> parts = new ArrayList<>();
            parts.add((ep.host().contains(":") ? "[" + ep.host() + "]" : ep.host()) + ":" + ep.port());
            if (ep.redirection().enabled()) {
                parts.add("redirect to " + ep.redirection().to() + " ("
                        + ep.redirection().scheme() + (ep.redirection().permanent() ? ", permanent" : "") + ")");
            }
            if (ep.tls().enabled()) {
                String tls = "tls";
                if (!ep.tls().options().isEmpty()) {
                    tls += " options=" + ep.tls().options();
                }
                if (!ep.tls().certResolver().isEmpty()) {
                    tls += " certResolver=" + ep.tls().certResolver();
                }
                for (var d : ep.tls().domains()) {
                    tls += " domain=" + d.main() + (d.sans().isEmpty() ? "" : "+" + String.join("+", d.sans()));
                }
                parts.add(tls);
            }
            if (!ep.middlewares().isEmpty()) {
                parts.add("middlewares=" + String.join(",", ep.middlewares()));
            }
            if (ep.forwardedHeaders().insecure()) {
                parts.add("forwardedHeaders=insecure");
            } else if (!ep.forwardedHeaders().trustedIPs().isEmpty()) {
                parts.add("trustedIPs=" + String.join(",", ep.forwardedHeaders().trustedIPs()));
            }
            var t = ep.timeouts();
            parts.add("timeouts read=" + GoDuration.format(t.readTimeout()) + " write="
                    + GoDuration.format(t.writeTimeout()) + " idle=" + GoDuration.format(t.idleTimeout()));
            parts.add("grace=" + GoDuration.format(ep.lifeCycle().graceTimeOut()));
            var l = ep.limits();
            parts.add("maxHeaderBytes=" + l.maxHeaderBytes() + " maxHeaderCount=" + l.maxHeaderCount()
                    + (l.maxConnections() > 0 ? " maxConnections=" + l.maxConnections() : ""));
            b.append(String.format("  %-12s %s%n", ep.name(), String.join("  ", parts)));
        }
        b.append("providers:\n");
        var file = c.providers().file();
        if (file.enabled()) {
            b.append("  file         ")
                    .append(file.filename().isEmpty() ? "directory " + file.directory() : file.filename())
                    .append(file.watch() ? " (watched)" : " (read once)")
                    .append('\n');
        }
        var swarm = c.providers().swarm();
        if (swarm.enabled()) {
            b.append(String.format("  %-12s ", swarm.name()))
                    .append(swarm.endpoint())
                    .append(" exposedByDefault=")
                    .append(swarm.exposedByDefault())
                    .append(swarm.network().isEmpty() ? "" : " network=" + swarm.network())
                    .append(swarm.constraints().isEmpty() ? "" : " constraints=" + swarm.constraints())
                    .append(swarm.watch() ? " (watched)" : " (read once)")
                    .append('\n');
        }
        if (!file.enabled() && !swarm.enabled()) {
            b.append("  (none: no routes will be served)\n");
        }
        b.append("  throttle     ")
                .append(GoDuration.format(c.providers().throttleDuration()))
                .append('\n');
        if (!c.certificatesResolvers().isEmpty()) {
            b.append("certificate resolvers:\n");
            for (AcmeResolver r : new java.util.TreeMap<>(c.certificatesResolvers()).values()) {
                b.append(String.format(
                        "  %-12s acme %s email=%s storage=%s keyType=%s%s%s%n",
                        r.name(),
                        r.caServer(),
                        r.email().isEmpty() ? "(none)" : r.email(),
                        r.storage(),
                        r.keyType(),
                        r.httpChallengeEntryPoint().isEmpty() ? "" : " http-01 on " + r.httpChallengeEntryPoint(),
                        r.tlsChallenge() ? " tls-alpn-01" : ""));
            }
        }
        b.append("ping:          ")
                .append(c.ping().enabled() ? "/ping on " + c.ping().entryPoint() : "off")
                .append('\n');
        b.append("metrics:       ")
                .append(
                        c.metrics().enabled()
                                ? "prometheus /metrics on " + c.metrics().entryPoint()
                                : "off")
                .append('\n');
        var al = c.accessLog();
        b.append("access log:    ")
                .append(
                        al.enabled()
                                ? al.format().name().toLowerCase(java.util.Locale.ROOT) + " to "
                                        + (al.filePath().isEmpty() ? "stdout" : al.filePath())
                                : "off")
                .append('\n');
        b.append("log:           ")
                .append(c.log().level())
                .append(' ')
                .append(c.log().format())
                .append(" to ")
                .append(c.log().filePath().isEmpty() ? "stderr" : c.log().filePath())
                .append('\n');
        b.append("rule syntax:   ")
                .append(c.defaultRuleSyntax().name().toLowerCase(java.util.Locale.ROOT))
                .append('\n');
        var st = c.serversTransport();
        b.append("backends:      dial timeout ")
                .append(GoDuration.format(st.dialTimeout()))
                .append(", idle conns/host ")
                .append(st.maxIdleConnsPerHost())
                .append(st.insecureSkipVerify() ? ", TLS verification OFF" : "")
                .append(", hold when no server ")
                .append(st.unavailableHold().isZero() ? "off" : GoDuration.format(st.unavailableHold()))
                .append('\n');
        return b.toString();
    }
}
