package io.swarmedge.proxy.tls.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link RenegotiationProbe} with {@code openssl s_client}, the commands testssl.sh uses plus
 * {@code -servername}. TLS 1.3 is switched off because renegotiation exists only up to TLS 1.2.
 *
 * @param port the server's loopback port
 * @param serverName the SNI name
 * @param workDir where the probes' outputs are kept
 * @param timeout per probe
 */
record OpensslRenegotiationProbe(int port, String serverName, Path workDir, Duration timeout)
        implements RenegotiationProbe {

    @Override
    public Outcome secureRenegotiation() {
        ExternalCommand.Finished run = sClient("", "secure-renego.txt");
        String out = run.text();
        String how = "probe `" + describe() + "`: ";
        if (out.contains("Secure Renegotiation IS NOT supported")) {
            return new Outcome(false, how + "Secure Renegotiation IS NOT supported");
        }
        if (out.contains("Secure Renegotiation IS supported")) {
            return new Outcome(true, how + "Secure Renegotiation IS supported");
        }
        return new Outcome(false, how + "no TLS 1.2 handshake (exit " + run.exitCode() + "), see " + run.output());
    }

    @Override
    public Outcome clientInitiatedRefused() {
        // Same reading as testssl: s_client sends the renegotiation on "R"; exit 0 means the server went
        // along with it, unless the server closed the connection right after.
        ExternalCommand.Finished run = sClient("R\n", "client-renego.txt");
        String out = run.text();
        String how = "probe `echo R | " + describe() + "`: ";
        if (!out.contains("RENEGOTIATING")) {
            return new Outcome(
                    false,
                    how + "no TLS 1.2 session to renegotiate (exit " + run.exitCode() + "), see " + run.output());
        }
        List<String> lines = out.lines().toList();
        boolean closed = lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream()
                .anyMatch(l -> l.startsWith("closed"));
        if (run.exitCode() == 0 && !closed) {
            return new Outcome(false, how + "the server renegotiated (VULNERABLE: client-initiated renegotiation)");
        }
        String refusal = lines.stream()
                .filter(l -> l.contains("renegotiation") || l.contains("alert"))
                .findFirst()
                .orElse("connection ended, exit " + run.exitCode());
        return new Outcome(true, how + "refused: " + refusal.strip());
    }

    private ExternalCommand.Finished sClient(String stdin, String outputName) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExternalCommand(
                        List.of(
                                "openssl",
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-servername",
                                serverName,
                                "-no_tls1_3"),
                        Map.of(),
                        timeout)
                .run(stdin, workDir.resolve(outputName));
    }

    private String describe() {
        return "openssl s_client -connect 127.0.0.1:" + port + " -servername " + serverName + " -no_tls1_3";
    }
}
