/**
 * Challenge answers shared through the store: the ordering replica publishes them ({@link
 * io.swarmedge.acme.challenge.ChallengePublisher}); whichever replica the CA reaches answers them
 * ({@link io.swarmedge.acme.challenge.ChallengeResponder}).
 */
package io.swarmedge.acme.challenge;
