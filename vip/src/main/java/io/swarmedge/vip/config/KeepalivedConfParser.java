package io.swarmedge.vip.config;

import io.swarmedge.vip.os.VirtualAddress;
import io.swarmedge.vip.packet.ChecksumMode;
import io.swarmedge.vip.packet.VrrpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the subset of keepalived.conf that gives a swarm one floating IP: {@code global_defs}
 * basics, {@code vrrp_script} and {@code vrrp_instance}. Any keyword outside that subset is an
 * error naming it and its line, so a configuration never half-works.
 */
public final class KeepalivedConfParser {
    private static final Logger LOG = LoggerFactory.getLogger(KeepalivedConfParser.class);
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 8;

    private final String source;

    private KeepalivedConfParser(String source) {
        this.source = source;
    }

    /** Parses a keepalived.conf file. */
    public static VipConfig parse(Path file) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_BYTES + " bytes");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.getFileName().toString());
    }

    /** Parses keepalived.conf text; {@code source} names it in errors. */
    public static VipConfig parse(String text, String source) throws ConfigException {
        return new KeepalivedConfParser(source).read(text);
    }

    private record Token(String text, int line, boolean quoted) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }
    }

    private record Statement(String keyword, List<Token> args, int line, List<Statement> block, boolean hasBlock) {
        String arg(int i, String src) throws ConfigException {
            if (args.size() <= i) {
                throw new ConfigException(src + ":" + line + ": \"" + keyword + "\" needs a value");
            }
            return args.get(i).text();
        }
    }

    private static final java.util.Set<String> SINGLE_VALUED = java.util.Set.of(
            "state",
            "interface",
            "virtual_router_id",
            "priority",
            "advert_int",
            "version",
            "unicast_src_ip",
            "preempt_delay",
            "garp_master_delay",
            "garp_master_repeat",
            "garp_master_refresh",
            "interval",
            "timeout",
            "rise",
            "fall",
            "vrrp_version",
            "vrrp_garp_master_delay",
            "vrrp_garp_master_repeat",
            "vrrp_garp_master_refresh",
            "auth_type",
            "auth_pass");

    /** Rejects "interface eth0 extra": a half-filled placeholder must not pass silently. */
    private void singleValue(Statement s) throws ConfigException {
        if (SINGLE_VALUED.contains(s.keyword()) && s.args().size() > 1) {
            throw error(
                    s.line(), s.keyword() + ": unexpected \"" + s.args().get(1).text() + "\" after the value");
        }
    }

    private VipConfig read(String text) throws ConfigException {
        List<Token> tokens = tokenize(text);
        int[] position = {0};
        List<Statement> top = block(tokens, position, 0);
        Globals globals = new Globals();
        Map<String, TrackedCheckConfig> scripts = new LinkedHashMap<>();
        List<Statement> instances = new ArrayList<>();
        for (Statement s : top) {
            switch (s.keyword()) {
                case "global_defs" -> globals(s, globals);
                case "vrrp_script" -> {
                    TrackedCheckConfig script = script(s);
                    if (scripts.putIfAbsent(script.name(), script) != null) {
                        throw error(s.line(), "vrrp_script \"" + script.name() + "\" is defined twice");
                    }
                }
                case "vrrp_instance" -> instances.add(s);
                default -> throw unknown(s, "the top level");
            }
        }
        List<InstanceConfig> result = new ArrayList<>();
        for (Statement s : instances) {
            result.add(instance(s, globals, scripts));
        }
        try {
            return new VipConfig(result);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private static final class Globals {
        VrrpVersion version = VrrpVersion.V2;
        GarpSettings garp = GarpSettings.keepalivedDefaults();
        boolean checksumAsV2;
    }

    private void globals(Statement block, Globals g) throws ConfigException {
        requireBlock(block);
        Duration delay = g.garp.masterDelay();
        int repeat = g.garp.repeat();
        Duration refresh = g.garp.masterRefresh();
        for (Statement s : block.block()) {
            singleValue(s);
            try {
                switch (s.keyword()) {
                    case "vrrp_version" -> g.version = VrrpVersion.of(integer(s, 0));
                    case "vrrp_garp_master_delay" -> delay = Duration.ofSeconds(integer(s, 0));
                    case "vrrp_garp_master_repeat" -> repeat = integer(s, 0);
                    case "vrrp_garp_master_refresh" -> refresh = Duration.ofSeconds(integer(s, 0));
                    case "v3_checksum_as_v2", "vrrp_v3_checksum_as_v2" -> g.checksumAsV2 = bool(s);
                    // Accepted because every keepalived.conf has them; they change nothing here.
                    case "router_id",
                            "script_user",
                            "enable_script_security",
                            "notification_email",
                            "notification_email_from",
                            "smtp_server",
                            "smtp_connect_timeout",
                            "max_auto_priority" ->
                        LOG.debug("event=keepalived_keyword_ignored keyword={} line={}", s.keyword(), s.line());
                    default -> throw unknown(s, "global_defs");
                }
            } catch (IllegalArgumentException e) {
                throw error(s.line(), s.keyword() + ": " + e.getMessage());
            }
        }
        try {
            g.garp = new GarpSettings(delay, repeat, refresh);
        } catch (IllegalArgumentException e) {
            throw error(block.line(), e.getMessage());
        }
    }

    private TrackedCheckConfig script(Statement block) throws ConfigException {
        requireBlock(block);
        String name = block.arg(0, source);
        List<String> command = List.of();
        Duration interval = Duration.ofSeconds(1);
        Optional<Duration> timeout = Optional.empty();
        int weight = 0;
        int rise = 1;
        int fall = 1;
        boolean initFail = false;
        for (Statement s : block.block()) {
            singleValue(s);
            try {
                switch (s.keyword()) {
                    case "script" -> command = command(s);
                    case "interval" -> interval = seconds(s);
                    case "timeout" -> timeout = Optional.of(seconds(s));
                    case "weight" -> {
                        weight = integer(s, 0);
                        if (s.args().size() > 1) {
                            throw error(s.line(), "weight: only a number is supported (no \"reverse\")");
                        }
                    }
                    case "rise" -> rise = integer(s, 0);
                    case "fall" -> fall = integer(s, 0);
                    case "init_fail" -> initFail = true;
                    default -> throw unknown(s, "vrrp_script " + name);
                }
            } catch (IllegalArgumentException e) {
                throw error(s.line(), s.keyword() + ": " + e.getMessage());
            }
        }
        if (command.isEmpty()) {
            throw error(block.line(), "vrrp_script " + name + " has no script");
        }
        try {
            return new TrackedCheckConfig(
                    name,
                    new CheckSpec.Script(command),
                    interval,
                    timeout.orElse(interval),
                    weight,
                    rise,
                    fall,
                    initFail);
        } catch (IllegalArgumentException e) {
            throw error(block.line(), e.getMessage());
        }
    }

    private InstanceConfig instance(Statement block, Globals g, Map<String, TrackedCheckConfig> scripts)
            throws ConfigException {
        requireBlock(block);
        String name = block.arg(0, source);
        String where = "vrrp_instance " + name;
        String interfaceName = "";
        int vrid = 0;
        int priority = 100;
        Optional<VrrpVersion> version = Optional.empty();
        int advertCentis = 100;
        List<VirtualAddress> addresses = new ArrayList<>();
        Optional<InetAddress> unicastSource = Optional.empty();
        List<InetAddress> peers = new ArrayList<>();
        Optional<String> password = Optional.empty();
        boolean preempt = true;
        Duration preemptDelay = Duration.ZERO;
        boolean checksumAsV2 = g.checksumAsV2;
        List<TrackedCheckConfig> checks = new ArrayList<>();
        Map<String, Optional<List<String>>> notify = new LinkedHashMap<>();
        Duration garpDelay = g.garp.masterDelay();
        int garpRepeat = g.garp.repeat();
        Duration garpRefresh = g.garp.masterRefresh();
        Optional<String> vmac = Optional.empty();
        boolean useVmac = false;
        for (Statement s : block.block()) {
            singleValue(s);
            try {
                switch (s.keyword()) {
                    case "state" -> {
                        String state = s.arg(0, source);
                        if (!state.equals("MASTER") && !state.equals("BACKUP")) {
                            throw error(s.line(), "state must be MASTER or BACKUP, not \"" + state + "\"");
                        }
                        // As RFC 5798 and keepalived: only priority 255 starts as master; others elect.
                    }
                    case "interface" -> interfaceName = s.arg(0, source);
                    case "virtual_router_id" -> vrid = integer(s, 0);
                    case "priority" -> priority = integer(s, 0);
                    case "version" -> version = Optional.of(VrrpVersion.of(integer(s, 0)));
                    case "advert_int" -> advertCentis = ConfigValues.secondsToCentis(s.arg(0, source));
                    case "authentication" -> password = authentication(s);
                    case "virtual_ipaddress" -> {
                        requireBlock(s);
                        for (Statement a : s.block()) {
                            addresses.add(virtualAddress(a));
                        }
                    }
                    case "unicast_src_ip" -> unicastSource = Optional.of(ConfigValues.address(s.arg(0, source)));
                    case "unicast_peer" -> {
                        requireBlock(s);
                        for (Statement p : s.block()) {
                            if (!p.args().isEmpty() || p.hasBlock()) {
                                throw error(p.line(), "unicast_peer: only an address per line is supported");
                            }
                            peers.add(ConfigValues.address(p.keyword()));
                        }
                    }
                    case "nopreempt" -> preempt = false;
                    case "use_vmac" -> {
                        useVmac = true;
                        if (!s.args().isEmpty()) {
                            vmac = Optional.of(s.args().getFirst().text());
                        }
                    }
                    case "preempt_delay" -> preemptDelay = seconds(s);
                    case "v3_checksum_as_v2" -> checksumAsV2 = bool(s);
                    case "garp_master_delay" -> garpDelay = Duration.ofSeconds(integer(s, 0));
                    case "garp_master_repeat" -> garpRepeat = integer(s, 0);
                    case "garp_master_refresh" -> garpRefresh = Duration.ofSeconds(integer(s, 0));
                    case "track_script" -> {
                        requireBlock(s);
                        for (Statement t : s.block()) {
                            TrackedCheckConfig script = scripts.get(t.keyword());
                            if (script == null) {
                                throw error(t.line(), "track_script: no vrrp_script named \"" + t.keyword() + "\"");
                            }
                            checks.add(weightOverride(t, script));
                        }
                    }
                    case "track_interface" -> {
                        requireBlock(s);
                        for (Statement t : s.block()) {
                            TrackedCheckConfig check = new TrackedCheckConfig(
                                    "interface " + t.keyword(),
                                    new CheckSpec.InterfaceUp(t.keyword()),
                                    Duration.ofMillis(100),
                                    Duration.ofSeconds(1),
                                    0,
                                    1,
                                    1,
                                    false);
                            checks.add(weightOverride(t, check));
                        }
                    }
                    case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" ->
                        notify.put(s.keyword(), Optional.of(command(s)));
                    default -> throw unknown(s, where);
                }
            } catch (IllegalArgumentException e) {
                throw error(s.line(), s.keyword() + ": " + e.getMessage());
            }
        }
        boolean v6 = !addresses.isEmpty() && addresses.getFirst().address() instanceof java.net.Inet6Address;
        VrrpVersion effective = version.orElse(v6 ? VrrpVersion.V3 : g.version);
        if (vrid == 0) {
            throw error(block.line(), where + ": virtual_router_id is required");
        }
        try {
            return new InstanceConfig(
                    name,
                    interfaceName,
                    vrid,
                    priority,
                    effective,
                    advertCentis,
                    addresses,
                    unicastSource,
                    peers,
                    password,
                    preempt,
                    preemptDelay,
                    checksumAsV2 ? ChecksumMode.MESSAGE_ONLY : ChecksumMode.PSEUDO_HEADER,
                    checks,
                    new NotifyConfig(
                            notify.getOrDefault("notify_master", Optional.empty()),
                            notify.getOrDefault("notify_backup", Optional.empty()),
                            notify.getOrDefault("notify_fault", Optional.empty()),
                            notify.getOrDefault("notify_stop", Optional.empty()),
                            notify.getOrDefault("notify", Optional.empty())),
                    new GarpSettings(garpDelay, garpRepeat, garpRefresh),
                    useVmac ? Optional.of(vmac.orElse("vrrp." + vrid)) : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw error(block.line(), e.getMessage());
        }
    }

    private TrackedCheckConfig weightOverride(Statement t, TrackedCheckConfig check) throws ConfigException {
        if (t.args().isEmpty()) {
            return check;
        }
        if (t.args().size() == 2 && t.args().get(0).text().equals("weight")) {
            return check.withWeight(integer(t, 1));
        }
        throw error(t.line(), "\"" + t.keyword() + "\": expected nothing or \"weight N\" after the name");
    }

    private Optional<String> authentication(Statement s) throws ConfigException {
        requireBlock(s);
        String type = "";
        String pass = "";
        for (Statement a : s.block()) {
            singleValue(a);
            switch (a.keyword()) {
                case "auth_type" -> type = a.arg(0, source);
                case "auth_pass" -> pass = a.arg(0, source);
                default -> throw unknown(a, "authentication");
            }
        }
        if (!type.equals("PASS")) {
            throw error(s.line(), "authentication: auth_type \"" + type + "\" is not supported (only PASS)");
        }
        if (pass.isEmpty()) {
            throw error(s.line(), "authentication: auth_pass is required");
        }
        if (pass.length() > 8) {
            LOG.warn(
                    "event=auth_pass_truncated source={} line={} note=\"keepalived uses the first 8 characters\"",
                    source,
                    s.line());
            pass = pass.substring(0, 8);
        }
        return Optional.of(pass);
    }

    private VirtualAddress virtualAddress(Statement a) throws ConfigException {
        Optional<String> device = Optional.empty();
        Optional<String> label = Optional.empty();
        int scope = 0;
        List<Token> args = a.args();
        if (args.size() % 2 != 0) {
            throw error(
                    a.line(),
                    "virtual_ipaddress \"" + a.keyword() + "\": options come in pairs (dev X, label Y, scope Z)");
        }
        for (int i = 0; i < args.size(); i += 2) {
            String value = args.get(i + 1).text();
            switch (args.get(i).text()) {
                case "dev" -> device = Optional.of(value);
                case "label" -> label = Optional.of(value);
                case "scope" ->
                    scope = switch (value) {
                        case "global" -> 0;
                        case "site" -> 200;
                        case "link" -> 253;
                        case "host" -> 254;
                        default -> throw error(a.line(), "virtual_ipaddress: unknown scope \"" + value + "\"");
                    };
                default ->
                    throw error(
                            a.line(),
                            "virtual_ipaddress: unknown option \"" + args.get(i).text() + "\"");
            }
        }
        try {
            return ConfigValues.virtualAddress(a.keyword(), device, label, scope);
        } catch (IllegalArgumentException e) {
            throw error(a.line(), "virtual_ipaddress: " + e.getMessage());
        }
    }

    private List<String> command(Statement s) throws ConfigException {
        if (s.args().isEmpty()) {
            throw error(s.line(), "\"" + s.keyword() + "\" needs a command");
        }
        List<String> words = new ArrayList<>();
        for (Token t : s.args()) {
            if (t.quoted()) {
                words.addAll(ConfigValues.words(t.text()));
            } else {
                words.add(t.text());
            }
        }
        return words;
    }

    private int integer(Statement s, int index) throws ConfigException {
        String text = s.arg(index, source);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(s.line(), s.keyword() + ": \"" + text + "\" is not a whole number");
        }
    }

    private Duration seconds(Statement s) throws ConfigException {
        return Duration.ofMillis(ConfigValues.secondsToCentis(s.arg(0, source)) * 10L);
    }

    private boolean bool(Statement s) throws ConfigException {
        if (s.args().isEmpty()) {
            return true;
        }
        return switch (s.args().getFirst().text().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(s.line(), s.keyword() + ": expected true or false");
        };
    }

    private void requireBlock(Statement s) throws ConfigException {
        if (!s.hasBlock()) {
            throw error(s.line(), "\"" + s.keyword() + "\" needs a { ... } block");
        }
    }

    private ConfigException unknown(Statement s, String where) {
        return error(
                s.line(), "unknown keyword \"" + s.keyword() + "\" in " + where + " (not supported by swarmedge vip)");
    }

    private ConfigException error(int line, String message) {
        return new ConfigException(source + ":" + line + ": " + message);
    }

    private List<Statement> block(List<Token> tokens, int[] position, int depth) throws ConfigException {
        if (depth > MAX_DEPTH) {
            throw error(tokens.get(Math.min(position[0], tokens.size() - 1)).line(), "blocks nested too deeply");
        }
        List<Statement> statements = new ArrayList<>();
        while (position[0] < tokens.size()) {
            Token first = tokens.get(position[0]++);
            if (first.is("}")) {
                if (depth == 0) {
                    throw error(first.line(), "unexpected \"}\"");
                }
                return statements;
            }
            if (first.is("{")) {
                throw error(first.line(), "unexpected \"{\"");
            }
            List<Token> args = new ArrayList<>();
            boolean hasBlock = false;
            while (position[0] < tokens.size() && tokens.get(position[0]).line() == first.line()) {
                Token t = tokens.get(position[0]);
                if (t.is("}")) {
                    break;
                }
                position[0]++;
                if (t.is("{")) {
                    hasBlock = true;
                    break;
                }
                args.add(t);
            }
            // keepalived also accepts the opening brace alone on the next line.
            if (!hasBlock
                    && position[0] < tokens.size()
                    && tokens.get(position[0]).is("{")) {
                position[0]++;
                hasBlock = true;
            }
            List<Statement> children = hasBlock ? block(tokens, position, depth + 1) : List.of();
            statements.add(new Statement(first.text(), List.copyOf(args), first.line(), children, hasBlock));
        }
        if (depth > 0) {
            throw error(tokens.isEmpty() ? 1 : tokens.getLast().line(), "missing \"}\" at end of file");
        }
        return statements;
    }

    private List<Token> tokenize(String text) throws ConfigException {
        List<Token> tokens = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int lineNumber = n + 1;
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#' || c == '!') {
                    break;
                } else if (c == '{' || c == '}') {
                    tokens.add(new Token(String.valueOf(c), lineNumber, false));
                    i++;
                } else if (c == '"') {
                    int end = line.indexOf('"', i + 1);
                    if (end < 0) {
                        throw error(lineNumber, "unterminated quoted string");
                    }
                    tokens.add(new Token(line.substring(i + 1, end), lineNumber, true));
                    i = end + 1;
                } else {
                    int start = i;
                    while (i < line.length()
                            && !Character.isWhitespace(line.charAt(i))
                            && line.charAt(i) != '{'
                            && line.charAt(i) != '}') {
                        i++;
                    }
                    tokens.add(new Token(line.substring(start, i), lineNumber, false));
                }
            }
        }
        return tokens;
    }
}
