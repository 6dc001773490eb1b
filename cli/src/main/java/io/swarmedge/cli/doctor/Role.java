package io.swarmedge.cli.doctor;

import java.util.List;
import java.util.Locale;

/**
 * The part a service plays in the edge, recognised in swarmedge's own stack and in a seed-style one
 * (Traefik, Tecnativa's docker-socket-proxy, keepalived): by an {@code io.swarmedge.role} label, by
 * the role word swarmedge's image is started with ({@code [proxy, …]}), or by a well-known image.
 */
public enum Role {
    SOCKET_PROXY,
    PROXY,
    VIP,
    OTHER;

    /** The label that names a service's role outright ({@code socket-proxy}, {@code proxy}, {@code vip}). */
    public static final String LABEL = "io.swarmedge.role";

    /** The role of {@code service}. */
    public static Role of(ServiceInfo service) {
        String label = service.labels().getOrDefault(LABEL, "");
        if (!label.isEmpty()) {
            return byWord(label);
        }
        // swarmedge's image: the first word that is not an option or the launcher names the role
        for (String word : service.words()) {
            if (word.startsWith("-") || word.endsWith("swarmedge")) {
                continue;
            }
            Role role = byWord(word);
            if (role != OTHER) {
                return role;
            }
            break;
        }
        String image = service.imageName().toLowerCase(Locale.ROOT);
        String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        if (repository.contains("docker-socket-proxy") || repository.endsWith("socket-proxy")) {
            return SOCKET_PROXY;
        }
        if (repository.endsWith("traefik") || repository.contains("/traefik")) {
            return PROXY;
        }
        if (repository.contains("keepalived")) {
            return VIP;
        }
        return OTHER;
    }

    /** The services of {@code snapshot}'s scope that play {@code role}. */
    public static List<ServiceInfo> in(ClusterSnapshot snapshot, Role role) {
        return snapshot.scopedServices().stream().filter(s -> of(s) == role).toList();
    }

    private static Role byWord(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "socket-proxy", "socketproxy" -> SOCKET_PROXY;
            case "proxy", "traefik" -> PROXY;
            case "vip", "keepalived" -> VIP;
            default -> OTHER;
        };
    }

    /** How the role reads in messages. */
    public String title() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
