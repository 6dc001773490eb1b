package io.swarmedge.config.dynamic;

/** Which rule grammar a router uses (Traefik's {@code ruleSyntax}). */
public enum RuleSyntax {
    /** Use {@code core.defaultRuleSyntax} from the static configuration. */
    DEFAULT,
    /** Traefik v2: several arguments per matcher, {@code Headers}, {@code {name:regex}} host templates. */
    V2,
    /** Traefik v3: one argument per matcher (two for header/query matchers), Go regular expressions. */
    V3
}
