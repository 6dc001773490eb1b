package io.swarmedge.config.staticconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code src/test/resources/staticconfig/cases.txt}. A case starts with {@code case <name>};
 * then {@code --flag[=value]} or {@code arg <token>} lines (arguments in order), {@code env K=V},
 * a YAML file between {@code yaml} and {@code end} (passed with --configfile), then either {@code
 * expect <path> = <value>} lines (a path through the StaticConfig records and maps; durations in Go
 * form) or {@code error <fragment>} lines (each must appear in one error) and optionally {@code
 * errors <count>}.
 */
class StaticConfigCasesTest {
    @TempDir
    static Path dir;

    private record Case(
            String name,
            int line,
            List<String> args,
            Map<String, String> env,
            String yaml,
            List<String[]> expects,
            List<String> errors,
            int errorCount) {}

    @TestFactory
    List<DynamicTest> cases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : parse()) {
            tests.add(dynamicTest("cases.txt:" + c.line() + " " + c.name(), () -> run(c)));
        }
        return tests;
    }

    private static void run(Case c) throws IOException, ReflectiveOperationException {
        List<String> args = new ArrayList<>(c.args());
        if (c.yaml() != null) {
            Path file = dir.resolve("case" + c.line() + ".yml");
            Files.writeString(file, c.yaml());
            args.addFirst("--configfile=" + file);
        }
        StaticConfig config = null;
        List<String> errors = List.of();
        try {
            config = StaticConfigLoader.load(args, c.env());
        } catch (StaticConfigException e) {
            errors = e.errors();
            assertThat(e.getMessage()).contains(errors.getFirst());
        }
        if (c.errors().isEmpty()) {
            assertThat(errors).as("errors").isEmpty();
            for (String[] expect : c.expects()) {
                assertThat(render(at(config, expect[0]))).as(expect[0]).isEqualTo(expect[1]);
            }
            // the summary must render whatever loads
            assertThat(StaticConfigSummary.describe(config)).contains("entrypoints:");
        } else {
            assertThat(errors).as("expected errors").isNotEmpty();
            for (String fragment : c.errors()) {
                assertThat(errors).as("errors").anySatisfy(e -> assertThat(e).contains(fragment));
            }
            if (c.errorCount() >= 0) {
                assertThat(errors).as("error count").hasSize(c.errorCount());
            }
        }
    }

    private static Object at(Object root, String path) throws ReflectiveOperationException {
        Object cur = root;
        for (String segment : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                if (!m.containsKey(segment)) {
                    fail("no key " + segment + " in " + path + " (have " + m.keySet() + ")");
                }
                cur = m.get(segment);
            } else if (cur instanceof List<?> l) {
                cur = segment.equals("size") ? l.size() : l.get(Integer.parseInt(segment));
            } else if (cur instanceof Record r) {
                RecordComponent found = null;
                for (RecordComponent rc : r.getClass().getRecordComponents()) {
                    if (rc.getName().equals(segment)) {
                        found = rc;
                    }
                }
                if (found == null) {
                    fail("no component " + segment + " in " + r.getClass().getSimpleName() + " for " + path);
                }
                cur = found.getAccessor().invoke(r);
            } else {
                fail("cannot descend into " + cur + " at " + segment + " of " + path);
            }
        }
        return cur;
    }

    private static String render(Object v) {
        if (v instanceof Duration d) {
            return GoDuration.format(d);
        }
        if (v instanceof Map<?, ?> m) {
            return String.join(
                    ",", m.keySet().stream().map(String::valueOf).sorted().toList());
        }
        if (v instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private static List<Case> parse() throws IOException {
        List<String> lines;
        try (InputStream in = StaticConfigCasesTest.class.getResourceAsStream("/staticconfig/cases.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("case ")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    throw new IllegalStateException("cases.txt:" + (i + 1) + ": expected 'case': " + line);
                }
                continue;
            }
            int start = i + 1;
            List<String> args = new ArrayList<>();
            Map<String, String> env = new LinkedHashMap<>();
            StringBuilder yaml = null;
            List<String[]> expects = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            int count = -1;
            while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("case ")) {
                String l = lines.get(++i);
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("--")) {
                    args.add(l);
                } else if (l.startsWith("arg ")) {
                    args.add(l.substring(4));
                } else if (l.startsWith("env ")) {
                    int eq = l.indexOf('=');
                    env.put(l.substring(4, eq), l.substring(eq + 1));
                } else if (l.equals("yaml")) {
                    yaml = new StringBuilder();
                    while (!lines.get(++i).equals("end")) {
                        yaml.append(lines.get(i)).append('\n');
                    }
                } else if (l.startsWith("expect ")) {
                    String e = l.endsWith(" =") ? l + " " : l;
                    int eq = e.indexOf(" = ");
                    expects.add(new String[] {e.substring(7, eq).trim(), e.substring(eq + 3)});
                } else if (l.startsWith("error ")) {
                    errors.add(l.substring(6));
                } else if (l.startsWith("errors ")) {
                    count = Integer.parseInt(l.substring(7).trim());
                } else {
                    throw new IllegalStateException("cases.txt:" + (i + 1) + ": bad line: " + l);
                }
            }
            cases.add(new Case(
                    line.substring(5),
                    start,
                    args,
                    env,
                    yaml == null ? null : yaml.toString(),
                    expects,
                    errors,
                    count));
        }
        return cases;
    }
}
