package io.swarmedge.acme.testing;

import io.swarmedge.acme.order.ResolverSettings;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Resolver settings pointing at a test pebble. */
public final class Resolvers {
    private Resolvers() {}

    public static AcmeResolver resolver(String name, PebbleCa ca, String email, boolean http, boolean tls) {
        return new AcmeResolver(
                name,
                email,
                ca.directoryUrl(),
                "",
                "EC256",
                Duration.ofHours(2160),
                "",
                "",
                "",
                List.of(),
                http ? "web" : "",
                tls);
    }

    /** Trusts pebble's HTTPS CA through LEGO_CA_CERTIFICATES, as Traefik users do. */
    public static ResolverSettings settings(AcmeResolver resolver, PebbleCa ca) {
        return ResolverSettings.from(
                resolver,
                Map.of(ResolverSettings.LEGO_CA_CERTIFICATES, ca.caFile().toString()));
    }
}
