package io.swarmedge.cli.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks every node that runs a vip task for its VRRP states, from the metrics the vip role serves with
 * {@code --metrics HOST:PORT}: the tasks run on the host network, so the node's address reaches them.
 */
final class VipProber {
    /** {@code vip_state{instance="edge",} 2.0}: labels in any order. */
    private static final Pattern STATE =
            Pattern.compile("^vip_state\\{([^}]*)}\\s+([0-9.eE+-]+)\\s*$", Pattern.MULTILINE);

    private static final Pattern INSTANCE = Pattern.compile("instance=\"([^\"]*)\"");
    private static final int MAX_BODY = 1 << 20;

    private final HttpClient http;
    private final Duration timeout;

    VipProber(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** One probe per node running a task of {@code service}; none when it serves no metrics. */
    List<VipProbe> probe(ClusterSnapshot snapshot, ServiceInfo service) {
        String metrics = service.argument("--metrics");
        int colon = metrics.lastIndexOf(':');
        if (metrics.isEmpty() || colon < 0) {
            return List.of();
        }
        String port = metrics.substring(colon + 1);
        String host = metrics.substring(0, colon).replace("[", "").replace("]", "");
        List<VipProbe> probes = new ArrayList<>();
        snapshot.tasksOf(service).stream()
                .filter(t -> t.wanted() && t.running())
                .map(TaskInfo::nodeId)
                .distinct()
                .forEach(nodeId -> {
                    String address = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")
                            ? snapshot.node(nodeId).map(NodeInfo::address).orElse("")
                            : host;
                    probes.add(ask(nodeId, address, port));
                });
        return probes;
    }

    private VipProbe ask(String nodeId, String address, String port) {
        String url = "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + "/metrics";
        if (address.isEmpty()) {
            return new VipProbe(nodeId, url, Map.of(), "the swarm does not know the node's address");
        }
        try {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String text;
            try (InputStream body = response.body()) {
                text = new String(body.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            }
            if (response.statusCode() != 200) {
                return new VipProbe(nodeId, url, Map.of(), "HTTP " + response.statusCode());
            }
            Map<String, Integer> states = parse(text);
            if (states.isEmpty()) {
                return new VipProbe(nodeId, url, Map.of(), "no vip_state metric in the answer");
            }
            return new VipProbe(nodeId, url, states, "");
        } catch (IOException | IllegalArgumentException e) {
            return new VipProbe(
                    nodeId,
                    url,
                    Map.of(),
                    e.getMessage() == null
                            ? e.getClass().getSimpleName()
                            : e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VipProbe(nodeId, url, Map.of(), "interrupted");
        }
    }

    /** Instance name to state from Prometheus text. */
    static Map<String, Integer> parse(String text) {
        Map<String, Integer> states = new LinkedHashMap<>();
        Matcher line = STATE.matcher(text);
        while (line.find()) {
            Matcher instance = INSTANCE.matcher(line.group(1));
            String name = instance.find() ? instance.group(1) : "";
            try {
                states.put(name, (int) Double.parseDouble(line.group(2)));
            } catch (NumberFormatException e) {
                // not a number: not a state we can read
            }
        }
        return states;
    }
}
