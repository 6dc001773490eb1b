package io.swarmedge.docker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A swarm held in memory: tests change it, fail it and send events. */
final class FakeSwarmReader implements SwarmReader {
    private static final SwarmEvent CLOSED = new SwarmEvent("closed", "", "", "");

    volatile List<SwarmService> services = List.of();
    volatile List<ServiceTaskRef> tasks = List.of();
    volatile Map<String, SwarmNetwork> networks = Map.of();
    volatile List<SwarmNode> nodes = List.of();
    volatile RuntimeException failure;
    final AtomicInteger serviceReads = new AtomicInteger();
    final AtomicInteger taskReads = new AtomicInteger();
    final AtomicInteger eventStreamsOpened = new AtomicInteger();
    /** The queue of the stream opened last: each stream has its own, as each connection does. */
    private volatile BlockingQueue<SwarmEvent> events = new LinkedBlockingQueue<>();

    void send(SwarmEvent event) {
        events.add(event);
    }

    @Override
    public List<SwarmService> services(Map<String, SwarmNetwork> networks) {
        check();
        serviceReads.incrementAndGet();
        return services;
    }

    @Override
    public List<ServiceTaskRef> runningTasks() {
        check();
        taskReads.incrementAndGet();
        return tasks;
    }

    @Override
    public Map<String, SwarmNetwork> networks() {
        check();
        return networks;
    }

    @Override
    public List<SwarmNode> nodes() {
        check();
        return nodes;
    }

    @Override
    public EventStream events() {
        check();
        eventStreamsOpened.incrementAndGet();
        BlockingQueue<SwarmEvent> queue = new LinkedBlockingQueue<>();
        events = queue;
        return new EventStream() {
            @Override
            public SwarmEvent next() {
                try {
                    SwarmEvent event = queue.take();
                    if (event == CLOSED) {
                        throw new DockerApiException("closed", 0, null);
                    }
                    return event;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DockerApiException("interrupted", 0, e);
                }
            }

            @Override
            public void close() {
                queue.add(CLOSED);
            }
        };
    }

    @Override
    public void close() {}

    private void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
