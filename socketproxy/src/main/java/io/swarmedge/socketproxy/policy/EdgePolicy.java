package io.swarmedge.socketproxy.policy;

import io.netty.handler.codec.http.HttpMethod;
import io.swarmedge.socketproxy.http.ApiPath;
import io.swarmedge.socketproxy.policy.Verdict.Guard;
import io.swarmedge.socketproxy.policy.Verdict.StoreKind;
import java.util.List;
import java.util.Set;

/**
 * Least privilege for swarmedge's proxy: GET/HEAD of {@code /_ping}, {@code /version}, {@code /events}, the list
 * and inspect endpoints of services, tasks, networks, nodes and containers; and the config/secret calls of the
 * certificate store, restricted to objects whose name starts with {@link #storePrefix}. Nothing else — in
 * particular no container archive, export, logs, attach or exec, which {@code CONTAINERS=1} would give away.
 */
public record EdgePolicy(String storePrefix) implements Policy {
    /** The certificate store's default object name prefix. */
    public static final String DEFAULT_STORE_PREFIX = "swarmedge-acme-";

    private static final Set<String> SINGLE = Set.of("_ping", "version", "events");
    private static final Set<String> LIST_AND_INSPECT = Set.of("services", "tasks", "networks", "nodes");

    public EdgePolicy {
        if (storePrefix.isBlank()) {
            throw new IllegalArgumentException("the store prefix of the edge profile must not be empty");
        }
    }

    @Override
    public Verdict decide(HttpMethod method, ApiPath path, boolean upgrade) {
        if (upgrade) {
            return Verdict.deny("edge-profile", "no hijacked connections in the edge profile");
        }
        List<String> s = path.segments();
        if (s.isEmpty()) {
            return Verdict.deny("edge-profile", "path / is not allowed");
        }
        String first = s.getFirst();
        boolean read = Policy.isRead(method);
        if (read) {
            if (s.size() == 1 && SINGLE.contains(first)) {
                return new Verdict.Allow("edge:" + first);
            }
            if (LIST_AND_INSPECT.contains(first) && s.size() <= 2) {
                return new Verdict.Allow("edge:" + first);
            }
            if (first.equals("containers")
                    && ((s.size() == 2 && s.get(1).equals("json"))
                            || (s.size() == 3 && s.get(2).equals("json")))) {
                return new Verdict.Allow("edge:containers");
            }
        }
        for (StoreKind kind : StoreKind.values()) {
            if (!first.equals(kind.segment())) {
                continue;
            }
            // GET only: a HEAD answer could not be filtered and would reveal other objects.
            boolean get = method.equals(HttpMethod.GET);
            if (get && s.size() == 1) {
                return new Verdict.Guarded(kind, Guard.LIST, "", storePrefix);
            }
            if (get && s.size() == 2 && !s.get(1).equals("create")) {
                return new Verdict.Guarded(kind, Guard.INSPECT, s.get(1), storePrefix);
            }
            if (method.equals(HttpMethod.POST) && s.size() == 2 && s.get(1).equals("create")) {
                return new Verdict.Guarded(kind, Guard.CREATE, "", storePrefix);
            }
            if (method.equals(HttpMethod.POST) && s.size() == 3 && s.get(2).equals("update")) {
                return new Verdict.Guarded(kind, Guard.UPDATE, s.get(1), storePrefix);
            }
            if (method.equals(HttpMethod.DELETE) && s.size() == 2) {
                return new Verdict.Guarded(kind, Guard.DELETE, s.get(1), storePrefix);
            }
        }
        return Verdict.deny("edge-profile", method.name() + " " + path.path() + " is not needed by the edge");
    }

    @Override
    public String describe() {
        return "profile=edge storePrefix=" + storePrefix;
    }
}
