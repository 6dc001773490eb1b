package io.swarmedge.cli.downtime;

/** Which HTTP methods the workers send. */
public enum MethodMix {
    /** GETs only. */
    GET,
    /** POSTs only, each with a small body. */
    POST,
    /** Every worker alternates GET and POST. */
    BOTH;

    /** The method of a worker's {@code sequence}-th request. */
    String methodFor(long sequence) {
        return switch (this) {
            case GET -> "GET";
            case POST -> "POST";
            case BOTH -> sequence % 2 == 0 ? "GET" : "POST";
        };
    }
}
