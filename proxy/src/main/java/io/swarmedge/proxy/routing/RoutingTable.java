package io.swarmedge.proxy.routing;

import io.swarmedge.config.rule.RequestView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entrypoint's routes. Rules that require exact hosts are indexed by host: a request looks up its
 * host once, then tries only the routes that could match it (those of its host plus the host-free
 * ones), in priority order. The arrays are precomputed per host so matching never merges or sorts.
 */
public final class RoutingTable {
    /** Highest priority first; equal priorities by router name so the order is deterministic. */
    public static final Comparator<Route> ORDER =
            Comparator.comparingInt(Route::priority).reversed().thenComparing(Route::name);

    private static final Route[] NONE = new Route[0];

    private final Map<String, Route[]> byHost;
    private final Route[] anyHost;
    private final int size;

    private RoutingTable(Map<String, Route[]> byHost, Route[] anyHost, int size) {
        this.byHost = byHost;
        this.anyHost = anyHost;
        this.size = size;
    }

    /** An empty table: every request is a 404. */
    public static RoutingTable empty() {
        return new RoutingTable(Map.of(), NONE, 0);
    }

    /** Builds the table from routes in any order. */
    public static RoutingTable of(List<Route> routes) {
        List<Route> free = new ArrayList<>();
        Map<String, List<Route>> hosted = new HashMap<>();
        for (Route route : routes) {
            Optional<Set<String>> hosts = route.rule().requiredHosts();
            if (hosts.isEmpty() || hosts.get().isEmpty()) {
                free.add(route);
            } else {
                for (String host : hosts.get()) {
                    hosted.computeIfAbsent(host, h -> new ArrayList<>()).add(route);
                }
            }
        }
        free.sort(ORDER);
        Map<String, Route[]> byHost = new HashMap<>();
        for (Map.Entry<String, List<Route>> entry : hosted.entrySet()) {
            List<Route> merged = new ArrayList<>(entry.getValue());
            merged.addAll(free);
            merged.sort(ORDER);
            byHost.put(entry.getKey(), merged.toArray(NONE));
        }
        return new RoutingTable(Map.copyOf(byHost), free.toArray(NONE), routes.size());
    }

    /** The first route whose rule matches, in priority order. */
    public Optional<Route> match(RequestView request) {
        Route[] candidates = anyHost;
        if (!byHost.isEmpty()) {
            Route[] hosted = byHost.get(request.host());
            if (hosted != null) {
                candidates = hosted;
            }
        }
        for (Route route : candidates) {
            if (route.rule().matches(request)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** Number of routes in the table. */
    public int size() {
        return size;
    }
}
