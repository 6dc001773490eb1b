package io.swarmedge.proxy.runtime;

import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.rule.Rule;

/** Turns a router's rule text into a compiled {@link Rule} (the config module's rule parser). */
@FunctionalInterface
public interface RuleCompiler {
    /**
     * Compiles {@code text} with {@code syntax} (never {@link RuleSyntax#DEFAULT}).
     *
     * @throws Exception with a message that points at the problem (column, matcher)
     */
    Rule compile(String text, RuleSyntax syntax) throws Exception;
}
