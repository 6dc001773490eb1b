/**
 * Providers of dynamic configuration and the watcher that merges them.
 *
 * <p>A {@link io.swarmedge.config.provider.Provider} publishes immutable {@link
 * io.swarmedge.config.provider.ProviderSnapshot}s; the {@link io.swarmedge.config.provider.ConfigWatcher}
 * keeps each provider's latest, merges them with {@link io.swarmedge.config.provider.ConfigMerger}
 * (names qualified {@code name@provider}, references checked) and hands the result to the proxy,
 * throttled. Wiring in a command:
 *
 * <pre>{@code
 * List<Provider> providers = new ArrayList<>();
 * if (staticConfig.providers().file().enabled()) {
 *     providers.add(FileProvider.from(staticConfig.providers().file()));
 * }
 * ConfigWatcher watcher = new ConfigWatcher(
 *         providers,
 *         new ConfigMerger(ConfigMerger.DEFAULT_INTERNAL_SERVICES, staticConfig.entryPoints().keySet()),
 *         staticConfig.providers().throttleDuration(),
 *         Clock.systemUTC(),
 *         merged -> runtime.set(compile(merged.config())));   // errors: merged.errors()
 * watcher.start();
 * // metrics: watcher.reloads(), watcher.failures(), watcher.lastReloadSuccess(), watcher.providerStatus()
 * }</pre>
 */
package io.swarmedge.config.provider;
