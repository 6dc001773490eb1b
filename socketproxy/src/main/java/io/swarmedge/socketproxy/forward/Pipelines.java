package io.swarmedge.socketproxy.forward;

import io.netty.channel.ChannelPipeline;
import io.swarmedge.socketproxy.SocketProxySettings;
import io.swarmedge.socketproxy.http.StrictRequestDecoder;
import java.time.Duration;

/** The names and the HTTP part of a client connection's pipeline (the hijack removes them by name). */
public final class Pipelines {
    public static final String IDLE = "idle";
    public static final String DECODER = "decoder";
    public static final String ENCODER = "encoder";

    private Pipelines() {}

    /** Adds the strict request decoder (heads must complete within {@code headTimeout}) and the response encoder. */
    public static void addHttp(ChannelPipeline pipeline, Duration headTimeout) {
        pipeline.addLast(
                DECODER,
                new StrictRequestDecoder(
                        SocketProxySettings.MAX_HEAD_BYTES, SocketProxySettings.MAX_HEADERS, headTimeout));
        pipeline.addLast(ENCODER, new ResponseEncoder());
    }
}
