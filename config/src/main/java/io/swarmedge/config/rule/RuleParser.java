package io.swarmedge.config.rule;

import io.swarmedge.config.dynamic.NameSuggestion;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.rule.RuleLexer.Kind;
import io.swarmedge.config.rule.RuleLexer.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and compiles Traefik's HTTP router rules, in its v3 or v2 syntax.
 *
 * <p>Grammar (Go expression syntax, as Traefik parses it): {@code expr := and ('||' and)*}, {@code
 * and := unary ('&&' unary)*}, {@code unary := '!' unary | '(' expr ')' | Matcher '(' string (','
 * string)* ')'}; strings are Go raw strings ({@code `...`}) or interpreted strings ({@code "..."}
 * with Go's escapes). Matcher names are accepted as written in Traefik's documentation, all lower
 * case, all upper case, or capitalised ({@code Pathprefix}), as Traefik does.
 *
 * <p>v3 matchers: {@code Host}, {@code HostRegexp}, {@code Path}, {@code PathPrefix}, {@code
 * PathRegexp}, {@code Method}, {@code Header}, {@code HeaderRegexp}, {@code Query}, {@code
 * QueryRegexp}, {@code ClientIP}; one argument each (two for the header ones; one or two for the
 * query ones). Regexps are Go regexps found anywhere in the value (anchor them with {@code ^...$});
 * see {@link GoRegexp}. {@code Host(`*.example.com`)} matches one label, {@code **.example.com} one
 * or more (Traefik ≥ 3.7). swarmedge refuses v2 forms in v3 rules ({@code {name:re}} placeholders,
 * several values, {@code Query(`k=v`)}, {@code Headers}) with a hint instead of silently never
 * matching.
 *
 * <p>v2 matchers: {@code Host}/{@code HostHeader}, {@code HostRegexp}, {@code Path}, {@code
 * PathPrefix}, {@code Method}, {@code ClientIP} with one or more values (any matches); {@code
 * Headers}/{@code HeadersRegexp} with name/value pairs (all must match); {@code Query(`k=v`, ...)}
 * (all must match, first value of each parameter, as gorilla/mux did); {@code HostRegexp}, {@code
 * Path}, {@code PathPrefix} and query values take gorilla/mux templates {@code {name}} / {@code
 * {name:regexp}} and match the whole host/path/value (a prefix for {@code PathPrefix}).
 */
public final class RuleParser {
    /** Longest rule accepted, in characters. */
    public static final int MAX_LENGTH = 65_536;

    /** Deepest nesting of parentheses and '!' accepted. */
    public static final int MAX_DEPTH = 100;

    private static final List<String> V3_MATCHERS = List.of(
            "Host",
            "HostRegexp",
            "Path",
            "PathPrefix",
            "PathRegexp",
            "Method",
            "Header",
            "HeaderRegexp",
            "Query",
            "QueryRegexp",
            "ClientIP");
    private static final List<String> V2_MATCHERS = List.of(
            "Host",
            "HostHeader",
            "HostRegexp",
            "Path",
            "PathPrefix",
            "Method",
            "Headers",
            "HeadersRegexp",
            "Query",
            "ClientIP");
    private static final Map<String, String> V3_NAMES = spellings(V3_MATCHERS);
    private static final Map<String, String> V2_NAMES = spellings(V2_MATCHERS);
    /** gorilla/mux placeholders {name} or {name:re} (not Go's \\p{Greek} or \\x{41}). */
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\\\[pPx])\\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?}");

    /** In a Go regexp {name} is a literal a user may mean; {name:re} is certainly a v2 template. */
    private static final Pattern REGEXP_PLACEHOLDER = Pattern.compile("(?<!\\\\[pPx])\\{[A-Za-z_][A-Za-z0-9_]*:[^}]*}");

    private final RuleSyntax syntax;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    private RuleParser(RuleSyntax syntax, List<Token> tokens) {
        this.syntax = syntax;
        this.tokens = tokens;
    }

    /**
     * Parses a rule; {@link RuleSyntax#DEFAULT} means v3 (Traefik v3's default).
     *
     * @throws RuleSyntaxException for every invalid rule, with the column of the problem
     */
    public static Rule parse(String text, RuleSyntax syntax) {
        return parse(text, syntax, RuleSyntax.V3);
    }

    /**
     * Parses a rule; {@link RuleSyntax#DEFAULT} means {@code defaultSyntax} (the static {@code
     * core.defaultRuleSyntax}).
     *
     * @throws RuleSyntaxException for every invalid rule, with the column of the problem
     */
    public static Rule parse(String text, RuleSyntax syntax, RuleSyntax defaultSyntax) {
        RuleSyntax effective = syntax == RuleSyntax.DEFAULT ? defaultSyntax : syntax;
        if (effective == RuleSyntax.DEFAULT) {
            effective = RuleSyntax.V3;
        }
        if (text.length() > MAX_LENGTH) {
            throw new RuleSyntaxException("rule longer than " + MAX_LENGTH + " characters", MAX_LENGTH + 1, "");
        }
        List<Token> tokens = RuleLexer.tokenize(text);
        if (tokens.getFirst().kind() == Kind.EOF) {
            throw new RuleSyntaxException("empty rule", 1, "");
        }
        RuleParser parser = new RuleParser(effective, tokens);
        Compiled c = parser.or();
        Token end = parser.peek();
        if (end.kind() != Kind.EOF) {
            throw parser.unexpected(end, "expected '&&', '||' or the end of the rule");
        }
        return new CompiledRule(text, c.node(), c.hosts());
    }

    /** A compiled subtree and the hosts it requires (empty = any host may match). */
    private record Compiled(RuleNode node, Optional<Set<String>> hosts) {}

    private record CompiledRule(String source, RuleNode root, Optional<Set<String>> requiredHosts) implements Rule {
        @Override
        public boolean matches(RequestView request) {
            try {
                return root.test(request);
            } catch (BudgetedText.Exceeded e) {
                // fail closed: a pathological expression on hostile input matches nothing
                return false;
            }
        }

        @Override
        public String toString() {
            return source;
        }
    }

    private Compiled or() {
        List<Compiled> parts = new ArrayList<>();
        parts.add(and());
        while (peek().kind() == Kind.OR) {
            pos++;
            parts.add(and());
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        Set<String> union = new LinkedHashSet<>();
        boolean allKnown = true;
        for (Compiled p : parts) {
            if (p.hosts().isEmpty()) {
                allKnown = false;
                break;
            }
            union.addAll(p.hosts().get());
        }
        return new Compiled(
                new RuleNode.Or(parts.stream().map(Compiled::node).toArray(RuleNode[]::new)),
                allKnown ? Optional.of(Set.copyOf(union)) : Optional.empty());
    }

    private Compiled and() {
        List<Compiled> parts = new ArrayList<>();
        parts.add(unary());
        while (peek().kind() == Kind.AND) {
            pos++;
            parts.add(unary());
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        Set<String> intersection = null;
        for (Compiled p : parts) {
            if (p.hosts().isPresent()) {
                if (intersection == null) {
                    intersection = new LinkedHashSet<>(p.hosts().get());
                } else {
                    intersection.retainAll(p.hosts().get());
                }
            }
        }
        return new Compiled(
                new RuleNode.And(parts.stream().map(Compiled::node).toArray(RuleNode[]::new)),
                Optional.ofNullable(intersection).map(Set::copyOf));
    }

    private Compiled unary() {
        Token t = peek();
        if (++depth > MAX_DEPTH) {
            throw new RuleSyntaxException("rule nested deeper than " + MAX_DEPTH + " levels", t.pos() + 1, "");
        }
        try {
            switch (t.kind()) {
                case NOT -> {
                    pos++;
                    Compiled inner = unary();
                    RuleNode node =
                            inner.node() instanceof RuleNode.Not(RuleNode n) ? n : new RuleNode.Not(inner.node());
                    return new Compiled(node, Optional.empty());
                }
                case LPAREN -> {
                    pos++;
                    Compiled inner = or();
                    Token close = peek();
                    if (close.kind() != Kind.RPAREN) {
                        throw unexpected(close, "expected ')' to close the '(' at column " + (t.pos() + 1));
                    }
                    pos++;
                    return inner;
                }
                case IDENT -> {
                    return matcher();
                }
                default -> throw unexpected(t, "expected a matcher, '!' or '('");
            }
        } finally {
            depth--;
        }
    }

    private Compiled matcher() {
        Token name = tokens.get(pos++);
        String canonical = resolveName(name);
        Token open = peek();
        if (open.kind() != Kind.LPAREN) {
            throw unexpected(open, "expected '(' after " + name.text());
        }
        pos++;
        List<Token> args = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.RPAREN) {
                pos++;
                break;
            }
            if (t.kind() != Kind.STRING) {
                throw unexpected(t, args.isEmpty() ? "expected a `value`" : "expected a `value` or ')'");
            }
            args.add(t);
            pos++;
            Token sep = peek();
            if (sep.kind() == Kind.COMMA) {
                pos++;
            } else if (sep.kind() != Kind.RPAREN) {
                throw unexpected(sep, "expected ',' or ')'");
            }
        }
        if (args.isEmpty()) {
            throw new RuleSyntaxException("no value for matcher " + canonical, name.pos() + 1, "");
        }
        for (Token a : args) {
            if (a.text().isEmpty()) {
                throw new RuleSyntaxException("empty value for matcher " + canonical, a.pos() + 1, "");
            }
        }
        return syntax == RuleSyntax.V2
                ? MatcherV2.build(canonical, name, args)
                : MatcherV3.build(canonical, name, args);
    }

    private String resolveName(Token name) {
        Map<String, String> names = syntax == RuleSyntax.V2 ? V2_NAMES : V3_NAMES;
        String canonical = names.get(name.text());
        if (canonical != null) {
            return canonical;
        }
        Map<String, String> others = syntax == RuleSyntax.V2 ? V3_NAMES : V2_NAMES;
        String other = others.get(name.text());
        int column = name.pos() + 1;
        if (other != null) {
            String hint = syntax == RuleSyntax.V2
                    ? other + " is Traefik v3 syntax; set ruleSyntax to v3"
                            + (other.equals("Header")
                                    ? " or use Headers"
                                    : other.equals("HeaderRegexp") ? " or use HeadersRegexp" : "")
                    : other + " is Traefik v2 syntax; "
                            + switch (other) {
                                case "Headers" -> "in v3 write Header(`name`, `value`)";
                                case "HeadersRegexp" -> "in v3 write HeaderRegexp(`name`, `regexp`)";
                                case "HostHeader" -> "in v3 write Host(`name`)";
                                default -> "set ruleSyntax to v2";
                            };
            throw new RuleSyntaxException(
                    "unknown matcher " + name.text() + " in " + label(syntax) + " syntax", column, hint);
        }
        List<String> known = syntax == RuleSyntax.V2 ? V2_MATCHERS : V3_MATCHERS;
        String suggestion = known.stream()
                .min(Comparator.comparingInt(k -> NameSuggestion.distance(
                        k.toLowerCase(Locale.ROOT), name.text().toLowerCase(Locale.ROOT))))
                .filter(k -> NameSuggestion.distance(
                                k.toLowerCase(Locale.ROOT), name.text().toLowerCase(Locale.ROOT))
                        <= 2)
                .map(k -> "did you mean " + k + "?")
                .orElse("known matchers: " + String.join(", ", known));
        throw new RuleSyntaxException("unknown matcher " + name.text(), column, suggestion);
    }

    static String label(RuleSyntax syntax) {
        return syntax == RuleSyntax.V2 ? "v2" : "v3";
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private RuleSyntaxException unexpected(Token t, String hint) {
        return new RuleSyntaxException("unexpected " + t.describe(), t.pos() + 1, hint);
    }

    private static Map<String, String> spellings(List<String> names) {
        Map<String, String> m = new HashMap<>();
        for (String n : names) {
            String lower = n.toLowerCase(Locale.ROOT);
            m.put(n, n);
            m.put(lower, n);
            m.put(n.toUpperCase(Locale.ROOT), n);
            m.put(Character.toUpperCase(lower.charAt(0)) + lower.substring(1), n);
        }
        return Map.copyOf(m);
    }

    // ---- matcher construction -------------------------------------------------------------

    private static RuleSyntaxException argError(Token arg, String reason, String hint) {
        return new RuleSyntaxException(reason, arg.pos() + 1, hint);
    }

    private static void expectCount(String matcher, Token name, List<Token> args, int min, int max, String hint) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? String.valueOf(min) : min + " or " + max;
            throw new RuleSyntaxException(
                    matcher + " takes " + expected + " value" + (max == 1 ? "" : "s") + ", got " + args.size(),
                    name.pos() + 1,
                    hint);
        }
    }

    private static void requireAscii(String matcher, Token arg) {
        if (!arg.text().chars().allMatch(c -> c < 128)) {
            throw argError(arg, "non-ASCII characters are not allowed in " + matcher, "use the punycode (xn--) form");
        }
    }

    private static void requireSlash(String matcher, Token arg) {
        if (!arg.text().startsWith("/")) {
            throw argError(arg, matcher + " value \"" + arg.text() + "\" does not start with '/'", "");
        }
    }

    private static Pattern goRegexp(String matcher, Token arg) {
        try {
            return GoRegexp.compile(arg.text());
        } catch (GoRegexp.InvalidRegexpException e) {
            throw regexpError(matcher, arg, e);
        }
    }

    private static RuleSyntaxException regexpError(String matcher, Token arg, GoRegexp.InvalidRegexpException e) {
        // the index maps exactly onto the rule for raw strings, which is what regexps are written in
        int column = arg.pos() + 1 + (e.index() >= 0 ? 1 + e.index() : 0);
        return new RuleSyntaxException("invalid regexp in " + matcher + ": " + e.getMessage(), column, "");
    }

    private static Set<String> hostVariants(List<String> hosts) {
        Set<String> s = new LinkedHashSet<>();
        for (String h : hosts) {
            s.add(h);
            s.add(h.endsWith(".") ? h.substring(0, h.length() - 1) : h + ".");
        }
        return Set.copyOf(s);
    }

    private static Compiled any(RuleNode node) {
        return new Compiled(node, Optional.empty());
    }

    /** v3 matchers. */
    private static final class MatcherV3 {
        static Compiled build(String m, Token name, List<Token> args) {
            String several = "combine matchers with || (several values per matcher are v2 syntax)";
            return switch (m) {
                case "Host" -> {
                    expectCount(m, name, args, 1, 1, several);
                    Token a = args.getFirst();
                    requireAscii(m, a);
                    rejectPlaceholder(
                            m, a, PLACEHOLDER, "write HostRegexp(`^[a-z]+\\.example\\.com$`) or set ruleSyntax to v2");
                    String host = a.text().toLowerCase(Locale.ROOT);
                    if (host.startsWith("**.") || host.startsWith("*.")) {
                        boolean deep = host.startsWith("**.");
                        String suffix = host.substring(deep ? 2 : 1);
                        if (suffix.endsWith(".")) {
                            suffix = suffix.substring(0, suffix.length() - 1);
                        }
                        if (suffix.length() < 2 || suffix.indexOf('*') >= 0) {
                            throw argError(a, "invalid wildcard host \"" + a.text() + "\"", "");
                        }
                        yield any(new RuleNode.HostWildcard(suffix, deep));
                    }
                    yield new Compiled(
                            new RuleNode.Host(new String[] {host}), Optional.of(hostVariants(List.of(host))));
                }
                case "HostRegexp" -> {
                    expectCount(m, name, args, 1, 1, several);
                    Token a = args.getFirst();
                    requireAscii(m, a);
                    rejectPlaceholder(
                            m,
                            a,
                            PLACEHOLDER,
                            "v3 takes a Go regexp such as ^[a-z]+\\.example\\.com$, or set ruleSyntax to v2");
                    yield any(new RuleNode.HostPattern(new Pattern[] {goRegexp(m, a)}));
                }
                case "Path", "PathPrefix" -> {
                    expectCount(m, name, args, 1, 1, several);
                    Token a = args.getFirst();
                    requireSlash(m, a);
                    rejectPlaceholder(m, a, PLACEHOLDER, "write PathRegexp(`^/users/[0-9]+$`) or set ruleSyntax to v2");
                    String[] v = {a.text()};
                    yield any(m.equals("Path") ? new RuleNode.Path(v) : new RuleNode.PathPrefix(v));
                }
                case "PathRegexp" -> {
                    expectCount(m, name, args, 1, 1, several);
                    Token a = args.getFirst();
                    rejectPlaceholder(
                            m,
                            a,
                            REGEXP_PLACEHOLDER,
                            "v3 takes a Go regexp such as ^/users/[0-9]+$, or set ruleSyntax to v2");
                    yield any(new RuleNode.PathPattern(new Pattern[] {goRegexp(m, a)}));
                }
                case "Method" -> {
                    expectCount(m, name, args, 1, 1, several);
                    yield any(new RuleNode.Method(
                            new String[] {args.getFirst().text().toUpperCase(Locale.ROOT)}));
                }
                case "Header" -> {
                    expectCount(m, name, args, 2, 2, "Header(`name`, `value`); combine several with &&");
                    yield any(
                            new RuleNode.Header(args.get(0).text(), args.get(1).text()));
                }
                case "HeaderRegexp" -> {
                    expectCount(m, name, args, 2, 2, "HeaderRegexp(`name`, `regexp`); combine several with &&");
                    yield any(new RuleNode.HeaderPattern(args.get(0).text(), goRegexp(m, args.get(1))));
                }
                case "Query", "QueryRegexp" -> {
                    expectCount(m, name, args, 1, 2, m + "(`key`, `value`); combine several with &&");
                    Token key = args.getFirst();
                    if (args.size() == 1 && key.text().contains("=")) {
                        throw argError(key, m + "(`key=value`) is v2 syntax", "in v3 write " + m + "(`key`, `value`)");
                    }
                    String value = args.size() == 2 ? args.get(1).text() : "";
                    if (m.equals("Query") || args.size() == 1) {
                        yield any(new RuleNode.Query(key.text(), value));
                    }
                    yield any(new RuleNode.QueryPattern(key.text(), goRegexp(m, args.get(1)), false));
                }
                case "ClientIP" -> {
                    expectCount(m, name, args, 1, 1, several);
                    yield any(new RuleNode.ClientIp(new IpRange[] {ipRange(args.getFirst())}));
                }
                default -> throw new IllegalStateException(m);
            };
        }

        private static void rejectPlaceholder(String m, Token a, Pattern placeholder, String hint) {
            var match = placeholder.matcher(a.text());
            if (match.find()) {
                throw new RuleSyntaxException(
                        "v2 placeholder " + match.group() + " in " + m + " (v3 syntax has no placeholders)",
                        a.pos() + 2 + match.start(),
                        hint);
            }
        }
    }

    private static IpRange ipRange(Token a) {
        return IpRange.parse(a.text())
                .orElseThrow(() -> argError(a, "invalid IP address or CIDR range \"" + a.text() + "\"", ""));
    }

    /** v2 matchers. */
    private static final class MatcherV2 {
        static Compiled build(String m, Token name, List<Token> args) {
            return switch (m) {
                case "Host", "HostHeader" -> {
                    List<String> hosts = new ArrayList<>();
                    for (Token a : args) {
                        requireAscii(m, a);
                        hosts.add(a.text().toLowerCase(Locale.ROOT));
                    }
                    yield new Compiled(
                            new RuleNode.Host(hosts.toArray(String[]::new)), Optional.of(hostVariants(hosts)));
                }
                case "HostRegexp" -> {
                    List<Pattern> patterns = new ArrayList<>();
                    for (Token a : args) {
                        requireAscii(m, a);
                        patterns.add(template(m, a, MuxTemplate.Kind.HOST));
                    }
                    yield any(new RuleNode.HostPattern(patterns.toArray(Pattern[]::new)));
                }
                case "Path", "PathPrefix" -> {
                    boolean prefix = m.equals("PathPrefix");
                    List<String> literals = new ArrayList<>();
                    List<Pattern> patterns = new ArrayList<>();
                    for (Token a : args) {
                        requireSlash(m, a);
                        if (MuxTemplate.hasPlaceholder(a.text())) {
                            patterns.add(template(m, a, prefix ? MuxTemplate.Kind.PATH_PREFIX : MuxTemplate.Kind.PATH));
                        } else {
                            literals.add(a.text());
                        }
                    }
                    List<RuleNode> nodes = new ArrayList<>();
                    if (!literals.isEmpty()) {
                        String[] v = literals.toArray(String[]::new);
                        nodes.add(prefix ? new RuleNode.PathPrefix(v) : new RuleNode.Path(v));
                    }
                    if (!patterns.isEmpty()) {
                        nodes.add(new RuleNode.PathPattern(patterns.toArray(Pattern[]::new)));
                    }
                    yield any(nodes.size() == 1 ? nodes.getFirst() : new RuleNode.Or(nodes.toArray(RuleNode[]::new)));
                }
                case "Method" ->
                    any(new RuleNode.Method(args.stream()
                            .map(a -> a.text().toUpperCase(Locale.ROOT))
                            .toArray(String[]::new)));
                case "Headers", "HeadersRegexp" -> {
                    if (args.size() % 2 != 0) {
                        throw new RuleSyntaxException(
                                m + " takes name/value pairs, got " + args.size() + " values",
                                name.pos() + 1,
                                m + "(`name`, `value`)");
                    }
                    List<RuleNode> nodes = new ArrayList<>();
                    for (int k = 0; k < args.size(); k += 2) {
                        String header = args.get(k).text();
                        nodes.add(
                                m.equals("Headers")
                                        ? new RuleNode.Header(
                                                header, args.get(k + 1).text())
                                        : new RuleNode.HeaderPattern(header, goRegexp(m, args.get(k + 1))));
                    }
                    yield any(nodes.size() == 1 ? nodes.getFirst() : new RuleNode.And(nodes.toArray(RuleNode[]::new)));
                }
                case "Query" -> {
                    List<RuleNode> nodes = new ArrayList<>();
                    for (Token a : args) {
                        int eq = a.text().indexOf('=');
                        if (eq <= 0) {
                            throw argError(
                                    a,
                                    "Query value \"" + a.text() + "\" is not key=value",
                                    "v2 syntax is Query(`key=value`); v3 is Query(`key`, `value`)");
                        }
                        String key = a.text().substring(0, eq);
                        String value = a.text().substring(eq + 1);
                        Pattern p;
                        try {
                            p = MuxTemplate.compile(value, MuxTemplate.Kind.QUERY_VALUE);
                        } catch (GoRegexp.InvalidRegexpException e) {
                            int at = e.index() < 0 ? -1 : eq + 1 + e.index();
                            throw regexpError(m, a, new GoRegexp.InvalidRegexpException(e.getMessage(), at));
                        }
                        nodes.add(new RuleNode.QueryPattern(key, p, true));
                    }
                    yield any(nodes.size() == 1 ? nodes.getFirst() : new RuleNode.And(nodes.toArray(RuleNode[]::new)));
                }
                case "ClientIP" ->
                    any(new RuleNode.ClientIp(
                            args.stream().map(RuleParser::ipRange).toArray(IpRange[]::new)));
                default -> throw new IllegalStateException(m);
            };
        }

        private static Pattern template(String m, Token a, MuxTemplate.Kind kind) {
            try {
                return MuxTemplate.compile(a.text(), kind);
            } catch (GoRegexp.InvalidRegexpException e) {
                throw regexpError(m, a, e);
            }
        }
    }
}
