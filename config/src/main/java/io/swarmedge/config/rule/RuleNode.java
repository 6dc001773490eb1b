package io.swarmedge.config.rule;

import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/** A node of a compiled rule: an operator or a matcher with everything precomputed. */
sealed interface RuleNode {
    boolean test(RequestView request);

    /**
     * Go's MatchString on request text, within a read budget.
     *
     * @throws BudgetedText.Exceeded when the expression backtracks too much; the whole rule then
     *     fails to match (so that a negation cannot turn the abandoned match into a match)
     */
    static boolean find(Pattern p, String text) {
        return p.matcher(new BudgetedText(text)).find();
    }

    record And(RuleNode[] nodes) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            for (RuleNode n : nodes) {
                if (!n.test(request)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(RuleNode[] nodes) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            for (RuleNode n : nodes) {
                if (n.test(request)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(RuleNode node) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            return !node.test(request);
        }
    }

    /** Host: lower-case names; a trailing dot on either side is ignored, as Traefik does. */
    record Host(String[] hosts) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            String h = request.host();
            if (h.isEmpty()) {
                return false;
            }
            for (String host : hosts) {
                if (sameHost(h, host)) {
                    return true;
                }
            }
            return false;
        }

        static boolean sameHost(String requestHost, String host) {
            if (requestHost.equals(host)) {
                return true;
            }
            int hl = host.length();
            int rl = requestHost.length();
            if (hl > 0 && host.charAt(hl - 1) == '.' && rl == hl - 1 && host.startsWith(requestHost)) {
                return true;
            }
            return rl > 0 && requestHost.charAt(rl - 1) == '.' && hl == rl - 1 && requestHost.startsWith(host);
        }
    }

    /** Host({@code *.example.com}) (one label) or ({@code **.example.com}) (one or more labels). */
    record HostWildcard(String suffix, boolean deep) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            String h = request.host();
            if (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
            // suffix starts with the dot: ".example.com"
            if (h.length() <= suffix.length() || !h.endsWith(suffix)) {
                return false;
            }
            return deep || h.lastIndexOf('.', h.length() - suffix.length() - 1) < 0;
        }
    }

    /** Regular expression (already anchored where the syntax requires) searched in the host. */
    record HostPattern(Pattern[] patterns) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            String h = request.host();
            for (Pattern p : patterns) {
                if (find(p, h)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Path(String[] paths) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            String p = request.path();
            for (String path : paths) {
                if (p.equals(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    record PathPrefix(String[] prefixes) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            String p = request.path();
            for (String prefix : prefixes) {
                if (p.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    record PathPattern(Pattern[] patterns) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            String path = request.path();
            for (Pattern p : patterns) {
                if (find(p, path)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Method: upper-case names. */
    record Method(String[] methods) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            String m = request.method();
            for (String method : methods) {
                if (m.equals(method)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A header with a value equal to {@code value}; an empty value only requires presence (v2). */
    record Header(String name, String value) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            List<String> values = request.headerValues(name);
            return value.isEmpty() ? !values.isEmpty() : values.contains(value);
        }
    }

    /** A header with a value in which the expression is found. */
    record HeaderPattern(String name, Pattern pattern) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            for (String v : request.headerValues(name)) {
                if (find(pattern, v)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** v3 Query: the parameter has this value among its values. */
    record Query(String key, String value) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            return request.queryValues(key).contains(value);
        }
    }

    /**
     * A query parameter value matching a pattern: v3 QueryRegexp (any value, found anywhere) or v2
     * Query templates (first value only, anchored pattern), as gorilla/mux did.
     */
    record QueryPattern(String key, Pattern pattern, boolean firstValueOnly) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            List<String> values = request.queryValues(key);
            if (firstValueOnly) {
                return !values.isEmpty() && find(pattern, values.getFirst());
            }
            for (String v : values) {
                if (find(pattern, v)) {
                    return true;
                }
            }
            return false;
        }
    }

    record ClientIp(IpRange[] ranges) implements RuleNode {
        @Override
        public boolean test(RequestView request) {
            InetAddress a = request.clientAddress();
            byte[] bytes = a.getAddress();
            for (IpRange r : ranges) {
                if (r.contains(bytes)) {
                    return true;
                }
            }
            return false;
        }
    }
}
