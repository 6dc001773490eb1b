package io.swarmedge.whoami;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.nio.charset.StandardCharsets;

/**
 * {@code size} bytes of a repeating alphabet, produced chunk by chunk as the socket drains, so {@code /data}
 * never holds more than one chunk per connection.
 */
final class GeneratedBody implements ChunkedInput<ByteBuf> {
    static final int CHUNK_SIZE = 64 * 1024;

    // One shared, never-released, never-mutated buffer: chunks are index-based slices of it.
    private static final ByteBuf PATTERN = pattern();

    private final long length;
    private long progress;

    GeneratedBody(long length) {
        this.length = length;
    }

    private static ByteBuf pattern() {
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuf buf = Unpooled.directBuffer(CHUNK_SIZE);
        while (buf.writableBytes() > 0) {
            buf.writeBytes(alphabet, 0, Math.min(alphabet.length, buf.writableBytes()));
        }
        return Unpooled.unreleasableBuffer(buf);
    }

    @Override
    public boolean isEndOfInput() {
        return progress >= length;
    }

    @Override
    public void close() {}

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (isEndOfInput()) {
            return null;
        }
        int size = (int) Math.min(CHUNK_SIZE, length - progress);
        int offset = (int) (progress % CHUNK_SIZE);
        size = Math.min(size, CHUNK_SIZE - offset);
        progress += size;
        return PATTERN.slice(offset, size);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }
}
