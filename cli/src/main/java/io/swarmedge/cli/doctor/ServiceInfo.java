package io.swarmedge.cli.doctor;

import java.util.List;
import java.util.Map;

/**
 * A swarm service as {@code /services} describes it, with what the checks need.
 *
 * @param words the container's entrypoint override then its arguments ({@code [proxy, --ping=true]})
 * @param labels service labels
 * @param stack its {@code com.docker.stack.namespace} label, "" outside a stack
 * @param global mode: global (one task per eligible node) or replicated
 * @param replicas wanted replicas (replicated mode)
 * @param constraints placement constraints ({@code node.role == manager})
 * @param networkIds networks its tasks attach to
 * @param ports published ports
 * @param configs targets of the configs it mounts, with the config ids ({@code /etc/x.yml -> id})
 * @param hostNetwork whether its tasks run on the host's network stack
 * @param user the user its containers run as ("" for the image's)
 */
public record ServiceInfo(
        String id,
        String name,
        String image,
        List<String> words,
        Map<String, String> labels,
        String stack,
        boolean global,
        long replicas,
        List<String> constraints,
        List<String> networkIds,
        List<PublishedPort> ports,
        List<MountInfo> mounts,
        Map<String, String> configs,
        boolean hostNetwork,
        String user) {
    public ServiceInfo {
        words = List.copyOf(words);
        labels = Map.copyOf(labels);
        constraints = List.copyOf(constraints);
        networkIds = List.copyOf(networkIds);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
        configs = Map.copyOf(configs);
    }

    /** The image without its digest ({@code swarmedge:latest}). */
    public String imageName() {
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
    }

    /** The value of {@code --name=value} or {@code --name value} among its words, or "". */
    public String argument(String name) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith(name + "=")) {
                return word.substring(name.length() + 1);
            }
            if (word.equals(name) && i + 1 < words.size()) {
                return words.get(i + 1);
            }
        }
        return "";
    }

    /** Every value of a repeatable {@code --name value} argument. */
    public List<String> arguments(String name) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith(name + "=")) {
                values.add(word.substring(name.length() + 1));
            } else if (word.equals(name) && i + 1 < words.size()) {
                values.add(words.get(i + 1));
            }
        }
        return values;
    }
}
