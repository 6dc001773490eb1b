package io.swarmedge.socketproxy.policy;

import io.netty.handler.codec.http.HttpMethod;
import io.swarmedge.socketproxy.http.ApiPath;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tecnativa docker-socket-proxy's rules: write methods need {@code POST=1}; a request is allowed when its first
 * path segment belongs to an enabled {@link Section}, or when it is a container start/stop/restart/kill allowed by
 * {@code ALLOW_START}, {@code ALLOW_STOP} or {@code ALLOW_RESTARTS}. Unlike Tecnativa's regular expressions the
 * match is on whole segments of the canonical path ({@code /containersX} is not {@code /containers}).
 *
 * @param sections the enabled sections
 * @param post whether methods other than GET and HEAD are allowed
 */
public record TecnativaPolicy(
        Set<Section> sections, boolean post, boolean allowStart, boolean allowStop, boolean allowRestarts)
        implements Policy {
    private static final Set<HttpMethod> KNOWN_METHODS =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE);

    public TecnativaPolicy {
        sections = sections.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sections));
    }

    /** Tecnativa's defaults: EVENTS, PING and VERSION, read only. */
    public static TecnativaPolicy defaults() {
        return fromEnvironment(Map.of());
    }

    /**
     * Reads the same variables as Tecnativa's image, with its defaults for unset ones.
     *
     * @throws IllegalArgumentException naming the variable when a value is not a boolean
     */
    public static TecnativaPolicy fromEnvironment(Map<String, String> env) {
        EnumSet<Section> enabled = EnumSet.noneOf(Section.class);
        for (Section section : Section.values()) {
            if (flag(env, section.envName(), section.enabledByDefault())) {
                enabled.add(section);
            }
        }
        return new TecnativaPolicy(
                enabled,
                flag(env, "POST", false),
                flag(env, "ALLOW_START", false),
                flag(env, "ALLOW_STOP", false),
                flag(env, "ALLOW_RESTARTS", false));
    }

    /**
     * A boolean variable as HAProxy's {@code env(X) -m bool} reads Tecnativa's values (a non-zero integer is true),
     * also accepting the usual words; anything else is an error rather than a silent "off".
     */
    public static boolean flag(Map<String, String> env, String name, boolean fallback) {
        String raw = env.get(name);
        if (raw == null) {
            return fallback;
        }
        String value = raw.strip().toLowerCase(Locale.ROOT);
        switch (value) {
            case "", "0", "false", "no", "off" -> {
                return false;
            }
            case "1", "true", "yes", "on" -> {
                return true;
            }
            default -> {
                try {
                    return Long.parseLong(value) != 0;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "environment variable " + name + "=\"" + raw + "\": expected 0 or 1 (or true/false)");
                }
            }
        }
    }

    @Override
    public Verdict decide(HttpMethod method, ApiPath path, boolean upgrade) {
        if (!KNOWN_METHODS.contains(method)) {
            return Verdict.deny("method-not-allowed", "method " + method.name() + " is never forwarded");
        }
        if (!Policy.isRead(method) && !post) {
            return Verdict.deny("post-disabled", "POST=0 allows only GET and HEAD");
        }
        if (upgrade && !Policy.isHijackEndpoint(path)) {
            return Verdict.deny("upgrade-not-allowed", "Upgrade: tcp only on attach and exec start");
        }
        var segments = path.segments();
        if (segments.isEmpty()) {
            return Verdict.deny("no-section", "path / belongs to no API section");
        }
        if (segments.size() == 3 && segments.get(0).equals("containers")) {
            String action = segments.get(2);
            if (allowRestarts && (action.equals("stop") || action.equals("restart") || action.equals("kill"))) {
                return new Verdict.Allow("ALLOW_RESTARTS");
            }
            if (allowStart && action.equals("start")) {
                return new Verdict.Allow("ALLOW_START");
            }
            if (allowStop && action.equals("stop")) {
                return new Verdict.Allow("ALLOW_STOP");
            }
        }
        var section = Section.forSegment(segments.getFirst());
        if (section.isEmpty()) {
            return Verdict.deny("unknown-section", "path " + path.path() + " belongs to no API section");
        }
        if (!sections.contains(section.get())) {
            return Verdict.deny("section-disabled", section.get().envName() + "=0 refuses " + path.path());
        }
        return new Verdict.Allow(section.get().envName());
    }

    @Override
    public String describe() {
        return "profile=tecnativa sections="
                + sections.stream().map(Section::envName).sorted().collect(Collectors.joining(","))
                + " post=" + post + " allowStart=" + allowStart + " allowStop=" + allowStop + " allowRestarts="
                + allowRestarts;
    }
}
