package io.swarmedge.config.labels;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's {@code defaultRule}, a Go template such as {@code Host(`{{ normalize .Name
 * }}`)}. Supports the forms found in practice: {@code {{ .Name }}}, {@code {{ normalize .Name }}}
 * and {@code {{ index .Labels "key" }}}; anything else is refused when the template is created.
 */
public final class DefaultRuleTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
    private static final Pattern INDEX = Pattern.compile("index\\s+\\.Labels\\s+\"([^\"]*)\"");

    private final String template;

    /**
     * @throws IllegalArgumentException naming the unsupported action
     */
    public DefaultRuleTemplate(String template) {
        this.template = template;
        Matcher m = ACTION.matcher(template);
        while (m.find()) {
            String action = m.group(1);
            if (!action.equals(".Name")
                    && !action.equals("normalize .Name")
                    && !INDEX.matcher(action).matches()) {
                throw new IllegalArgumentException("defaultRule \"" + template + "\": unsupported template action {{ "
                        + action + " }} (supported: .Name, normalize .Name, index .Labels \"key\")");
            }
        }
    }

    /** Applies the template to a service. */
    public String apply(String serviceName, Map<String, String> labels) {
        Matcher m = ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String action = m.group(1);
            String value;
            if (action.equals(".Name")) {
                value = serviceName;
            } else if (action.equals("normalize .Name")) {
                value = normalize(serviceName);
            } else {
                Matcher index = INDEX.matcher(action);
                index.matches();
                value = labels.getOrDefault(index.group(1), "");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Traefik's {@code normalize}: runs of characters other than letters and digits become one '-'. */
    public static String normalize(String name) {
        StringBuilder out = new StringBuilder();
        boolean pendingDash = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                if (pendingDash && !out.isEmpty()) {
                    out.append('-');
                }
                pendingDash = false;
                out.appendCodePoint(cp);
            } else {
                pendingDash = true;
            }
        }
        return out.toString();
    }
}
