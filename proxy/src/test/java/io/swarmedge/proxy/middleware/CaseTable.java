package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Table-driven cases from {@code src/test/resources/middleware/*.cases}: one case per line, columns
 * separated by {@code |}, {@code #} comments, {@code -} for an empty cell, {@code \s} for a space.
 */
final class CaseTable {
    /** One row, with its source line for the test name. */
    record Row(int line, List<String> cells) {
        String get(int column) {
            return cells.get(column);
        }

        boolean flag(int column) {
            return Boolean.parseBoolean(cells.get(column));
        }
    }

    private CaseTable() {}

    static List<Row> read(String resource, int columns) {
        try (InputStream in = CaseTable.class.getResourceAsStream("/middleware/" + resource)) {
            assertThat(in).as("test resource middleware/%s", resource).isNotNull();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                List<String> cells = Arrays.stream(line.split("\\|", -1))
                        .map(String::strip)
                        .map(c -> c.equals("-") ? "" : c.replace("\\s", " ").replace("\\p", "|"))
                        .toList();
                assertThat(cells).as("%s:%d column count", resource, i + 1).hasSize(columns);
                rows.add(new Row(i + 1, cells));
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<DynamicTest> tests(String resource, int columns, Consumer<Row> test) {
        return read(resource, columns).stream()
                .map(row -> DynamicTest.dynamicTest(
                        resource + ":" + row.line() + " " + String.join(" | ", row.cells()), () -> test.accept(row)));
    }
}
