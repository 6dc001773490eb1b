package io.swarmedge.acme.store;

import java.time.Instant;

/**
 * A held lock: who holds it and until when, unless renewed.
 *
 * @param name the lock's name
 * @param owner the holder's identity (replica id + random suffix)
 * @param expiresAt when another replica may take the lock over
 * @param token store-specific proof of ownership (a file content digest, a Swarm object version)
 */
public record Lease(String name, String owner, Instant expiresAt, String token) {}
