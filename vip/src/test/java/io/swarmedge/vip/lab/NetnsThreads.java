package io.swarmedge.vip.lab;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * Platform threads that live in another network namespace ({@code setns} affects only the calling
 * thread), so the test JVM can listen and connect inside the lab without extra processes.
 */
final class NetnsThreads {
    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = LINKER.downcallHandle(
            LINKER.defaultLookup().find("open").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = LINKER.downcallHandle(
            LINKER.defaultLookup().find("setns").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private NetnsThreads() {}

    static Thread start(String netns, String name, Runnable body) {
        Thread t = Thread.ofPlatform().daemon().name(name).start(() -> {
            enter(netns);
            body.run();
        });
        return t;
    }

    private static void enter(String netns) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom("/var/run/netns/" + netns), O_RDONLY);
            if (fd < 0) {
                throw new IllegalStateException("cannot open network namespace " + netns);
            }
            int rc = (int) SETNS.invokeExact(fd, CLONE_NEWNET);
            int ignored = (int) CLOSE.invokeExact(fd);
            if (rc != 0) {
                throw new IllegalStateException("setns into " + netns + " failed");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
