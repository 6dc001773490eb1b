package io.swarmedge.cli.doctor;

import io.swarmedge.cli.SwarmedgeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** How {@code swarmedge doctor args…}, run in this JVM, exited and what it printed on each stream. */
record DoctorRun(int code, String out, String err) {
    static DoctorRun doctor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        int code = SwarmedgeCommand.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new DoctorRun(code, out.toString(), err.toString());
    }
}
