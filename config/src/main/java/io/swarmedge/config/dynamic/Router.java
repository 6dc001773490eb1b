package io.swarmedge.config.dynamic;

import java.util.List;

/**
 * An HTTP router: a rule, the entrypoints it listens on, the middlewares it applies and the service
 * it forwards to.
 *
 * @param rule the rule text as written (Traefik syntax)
 * @param ruleSyntax which grammar the rule uses; {@link RuleSyntax#DEFAULT} means the static
 *     {@code core.defaultRuleSyntax}
 * @param priority explicit priority, or 0 to use the rule's length (Traefik's default)
 * @param entryPoints entrypoint names; empty means every entrypoint
 * @param middlewares middleware names, applied in order
 * @param service the service name
 * @param tls TLS settings; {@link RouterTls#NONE} for a plain-HTTP router
 */
public record Router(
        String rule,
        RuleSyntax ruleSyntax,
        int priority,
        List<String> entryPoints,
        List<String> middlewares,
        String service,
        RouterTls tls) {
    public Router {
        entryPoints = List.copyOf(entryPoints);
        middlewares = List.copyOf(middlewares);
    }

    /**
     * The priority routers are ordered by (highest first): the explicit one, else the rule's length
     * in UTF-8 bytes, as Traefik's {@code len(rule)} (0 means unset; negative values are allowed).
     */
    public int effectivePriority() {
        return priority != 0 ? priority : rule.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
