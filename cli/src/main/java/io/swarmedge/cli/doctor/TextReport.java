package io.swarmedge.cli.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The examination for people: findings grouped by area, one status per line, the fix below. */
public final class TextReport {
    private static final int WIDTH = 110;
    private static final String INDENT = "        ";

    private TextReport() {}

    public static String render(Examination examination) {
        ClusterSnapshot snapshot = examination.snapshot();
        StringBuilder header = new StringBuilder();
        EngineInfo engine = snapshot.engine();
        header.append("swarmedge doctor: ")
                .append(engine.endpoint())
                .append(", Docker ")
                .append(engine.version())
                .append(" (API ")
                .append(engine.apiVersion())
                .append("), ")
                .append(snapshot.nodes().size())
                .append(snapshot.nodes().size() == 1 ? " node" : " nodes")
                .append(
                        snapshot.scope().stacks().isEmpty()
                                ? ""
                                : ", stacks "
                                        + String.join(", ", snapshot.scope().stacks()))
                .append(", ")
                .append(snapshot.takenAt());
        StringBuilder out = new StringBuilder();
        wrap(out, header.toString());
        Map<String, List<Finding>> byArea = new LinkedHashMap<>();
        for (Finding finding : examination.findings()) {
            byArea.computeIfAbsent(finding.area(), a -> new java.util.ArrayList<>())
                    .add(finding);
        }
        byArea.forEach((area, findings) -> {
            out.append('\n').append(area).append('\n');
            for (Finding finding : findings) {
                wrap(out, "  " + pad(finding.status().name()) + finding.message());
                if (!finding.fix().isEmpty()) {
                    wrap(out, INDENT + "fix: " + finding.fix());
                }
            }
        });
        out.append('\n')
                .append(examination.count(Status.FAIL))
                .append(" FAIL, ")
                .append(examination.count(Status.WARN))
                .append(" WARN, ")
                .append(examination.count(Status.OK))
                .append(" OK\n");
        return out.toString();
    }

    private static String pad(String status) {
        return (status + "      ").substring(0, 6);
    }

    /** Appends {@code line}, wrapped at spaces, continuation lines indented under the text. */
    private static void wrap(StringBuilder out, String line) {
        String rest = line;
        while (rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH);
            if (cut <= INDENT.length() + 6) {
                break;
            }
            out.append(rest, 0, cut).append('\n');
            rest = INDENT + rest.substring(cut + 1);
        }
        out.append(rest).append('\n');
    }
}
