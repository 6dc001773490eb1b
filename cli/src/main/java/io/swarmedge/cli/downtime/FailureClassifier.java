package io.swarmedge.cli.downtime;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/** Sorts the exceptions of a failed exchange into {@link FailureKind}s. */
final class FailureClassifier {
    private FailureClassifier() {}

    static Outcome.Failed classify(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        FailureKind kind;
        if (e instanceof SocketTimeoutException || lower.contains("timed out")) {
            kind = FailureKind.TIMEOUT;
        } else if (e instanceof ConnectException && lower.contains("refused")) {
            kind = FailureKind.REFUSED;
        } else if (e instanceof EOFException
                || (e instanceof SocketException
                        && (lower.contains("reset") || lower.contains("broken pipe") || lower.contains("closed")))) {
            kind = FailureKind.RESET;
        } else {
            kind = FailureKind.OTHER;
        }
        return new Outcome.Failed(kind, message);
    }
}
