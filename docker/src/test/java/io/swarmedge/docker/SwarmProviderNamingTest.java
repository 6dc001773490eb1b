package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.DynamicConfigDecoder;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.provider.ConfigMerger;
import io.swarmedge.config.provider.Merged;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.staticconfig.Providers;
import io.swarmedge.config.staticconfig.StaticConfigLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The provider's namespace follows the form it is configured in: Traefik v2's {@code
 * providers.docker.swarmMode} (the seed's) names objects {@code x@docker}, v3's {@code
 * providers.swarm} {@code x@swarm}; labels and files that refer to {@code x@docker} resolve.
 */
class SwarmProviderNamingTest {
    /** The seed's provider flags (docker-compose.yml of its Traefik v2.3 stack). */
    private static final List<String> SEED_FLAGS = List.of(
            "--api=false",
            "--providers.docker=true",
            "--providers.docker.swarmMode=true",
            "--providers.docker.watch=true",
            "--providers.docker.endpoint=tcp://socket-proxy:2375",
            "--providers.docker.exposedbydefault=false",
            "--providers.docker.network=web-servers",
            "--entrypoints.web.address=:80",
            "--entrypoints.websecure.address=:443");

    /** The seed's WordPress labels, with a middleware of its own referred to as {@code @docker}. */
    private static final Map<String, String> WORDPRESS_LABELS = Map.of(
            "traefik.enable", "true",
            "traefik.docker.network", "web-servers",
            "traefik.http.routers.wordpress-secured.rule", "Host(`blog.example.com`)",
            "traefik.http.routers.wordpress-secured.entrypoints", "websecure",
            "traefik.http.routers.wordpress-secured.tls", "true",
            "traefik.http.routers.wordpress-secured.middlewares", "hsts@file,wp-headers@docker",
            "traefik.http.middlewares.wp-headers.headers.customresponseheaders.X-Served-By", "wordpress",
            "traefik.http.services.wordpress.loadbalancer.server.port", "80");

    /** A file that refers to the label-defined middleware by its Traefik v2 name. */
    private static final String FILE = """
            http:
              middlewares:
                hsts:
                  headers:
                    stsSeconds: 63072000
                both:
                  chain:
                    middlewares: [hsts, wp-headers@docker]
              routers:
                admin:
                  rule: "Host(`admin.example.com`)"
                  entryPoints: [websecure]
                  service: wordpress@docker
                  middlewares: [both]
            """;

    private static Providers.SwarmProvider settings(List<String> flags) throws Exception {
        return StaticConfigLoader.load(flags, Map.of()).providers().swarm();
    }

    private static ProviderSnapshot firstSnapshot(Providers.SwarmProvider settings) {
        FakeSwarmReader swarm = new FakeSwarmReader();
        swarm.services = List.of(
                new SwarmService("s1", "wp_wordpress", WORDPRESS_LABELS, EndpointMode.DNSRR, List.of(), List.of()));
        swarm.tasks = List.of(new SwarmReader.ServiceTaskRef(
                "s1",
                new SwarmTask(
                        "t1",
                        1,
                        "n",
                        TaskState.RUNNING,
                        TaskState.RUNNING,
                        Map.of("web-servers", List.of("10.0.1.5")))));
        List<ProviderSnapshot> published = new CopyOnWriteArrayList<>();
        SwarmProvider provider = new SwarmProvider(settings, swarm, Clock.systemUTC(), new SplittableRandom(1));
        provider.start(published::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !published.isEmpty());
        } finally {
            provider.stop();
        }
        return published.getFirst();
    }

    @Test
    void theSeedsV2FormNamesObjectsAtDockerAndReferencesToThemResolve() throws Exception {
        Providers.SwarmProvider settings = settings(SEED_FLAGS);
        assertThat(settings.name()).isEqualTo("docker");
        ProviderSnapshot docker = firstSnapshot(settings);
        assertThat(docker.provider()).isEqualTo("docker");
        assertThat(docker.errors()).isEmpty();

        ProviderSnapshot file = new ProviderSnapshot(
                "file", DynamicConfigDecoder.decodeYaml("dynamic.yml", FILE).config(), List.of());
        Merged merged = new ConfigMerger(ConfigMerger.DEFAULT_INTERNAL_SERVICES, Set.of("web", "websecure"))
                .merge(List.of(file, docker));

        assertThat(merged.errors()).isEmpty();
        Map<String, Router> routers = merged.config().http().routers();
        assertThat(routers).containsOnlyKeys("wordpress-secured@docker", "admin@file");
        assertThat(routers.get("wordpress-secured@docker").middlewares())
                .containsExactly("hsts@file", "wp-headers@docker");
        assertThat(routers.get("wordpress-secured@docker").service()).isEqualTo("wordpress@docker");
        assertThat(routers.get("admin@file").service()).isEqualTo("wordpress@docker");
        assertThat(merged.config().http().middlewares()).containsKeys("wp-headers@docker", "both@file");
        assertThat(merged.config().http().services()).containsOnlyKeys("wordpress@docker");
    }

    @Test
    void theV3FormNamesObjectsAtSwarmSoDockerReferencesDoNotResolve() throws Exception {
        Providers.SwarmProvider settings = settings(List.of(
                "--providers.swarm.endpoint=tcp://socket-proxy:2375",
                "--providers.swarm.exposedByDefault=false",
                "--providers.swarm.network=web-servers"));
        assertThat(settings.name()).isEqualTo("swarm");
        ProviderSnapshot swarm = firstSnapshot(settings);
        assertThat(swarm.provider()).isEqualTo("swarm");

        ProviderSnapshot file = new ProviderSnapshot(
                "file", DynamicConfigDecoder.decodeYaml("dynamic.yml", FILE).config(), List.of());
        Merged merged = new ConfigMerger(ConfigMerger.DEFAULT_INTERNAL_SERVICES, Set.of()).merge(List.of(file, swarm));
        // wp-headers@docker and wordpress@docker are not defined in this form: Traefik v3 refuses them too
        assertThat(merged.config().http().routers()).isEmpty();
        assertThat(merged.config().http().services()).containsOnlyKeys("wordpress@swarm");
        assertThat(merged.errors())
                .anySatisfy(e -> assertThat(e.toString())
                        .contains("wordpress-secured@swarm")
                        .contains("wp-headers@docker"))
                .anySatisfy(e -> assertThat(e.toString()).contains("admin@file").contains("wordpress@docker"));
    }
}
