/** Migration from Traefik: its {@code acme.json} imported into a store. */
package io.swarmedge.acme.traefik;
