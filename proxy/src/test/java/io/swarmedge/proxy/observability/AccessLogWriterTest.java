package io.swarmedge.proxy.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.config.staticconfig.AccessLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessLogWriterTest {
    private static final AccessLogEntry ENTRY = new AccessLogEntry(
            "10.0.0.1",
            5555,
            0,
            "site.test",
            "GET",
            "/a?b=\"c\"",
            "HTTP/1.1",
            200,
            42,
            "-",
            "curl/8",
            7,
            "web@file",
            "web@file",
            "http://10.0.1.2:80",
            TimeUnit.MILLISECONDS.toNanos(3),
            "web");

    @Test
    void commonFormatIsTraefiksClfVariant() {
        StringBuilder b = new StringBuilder();
        AccessLogWriter.common(ENTRY, b);
        assertThat(b.toString())
                .startsWith("10.0.0.1 - - [")
                .endsWith(
                        "] \"GET /a?b=\"c\" HTTP/1.1\" 200 42 \"-\" \"curl/8\" 7 \"web@file\" \"http://10.0.1.2:80\" 3ms");
    }

    @Test
    void jsonFormatEscapesAndUsesTraefikFieldNames() {
        StringBuilder b = new StringBuilder();
        AccessLogWriter.json(ENTRY, b);
        assertThat(b.toString())
                .contains("\"RequestPath\":\"/a?b=\\\"c\\\"\"")
                .contains("\"DownstreamStatus\":200")
                .contains("\"RouterName\":\"web@file\"")
                .contains("\"Duration\":3000000");
    }

    @Test
    void writesLinesOffTheCallerThread() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogWriter writer = new AccessLogWriter(out, AccessLog.Format.COMMON, 16);
        writer.log(ENTRY);
        writer.log(ENTRY);
        writer.close();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    }
}
