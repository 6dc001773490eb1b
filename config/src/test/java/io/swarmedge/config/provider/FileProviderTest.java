package io.swarmedge.config.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file provider on real files in temporary directories. */
class FileProviderTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<ProviderSnapshot> snapshots = new CopyOnWriteArrayList<>();
    private FileProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.stop();
        }
    }

    private static String router(String name, String host) {
        return "http:\n  routers:\n    " + name + ":\n      rule: Host(`" + host + "`)\n      service: s\n";
    }

    private Map<String, Router> routers() {
        return snapshots.getLast().config().http().routers();
    }

    private String ruleOf(String router) {
        Router r = routers().get(router);
        return r == null ? "" : r.rule();
    }

    private void startDirectory() {
        provider = new FileProvider(dir, true, true, Duration.ofMillis(200), Clock.systemUTC());
        provider.start(snapshots::add);
    }

    @Test
    void firstSnapshotIsPublishedBeforeStartReturns() throws IOException {
        Files.writeString(dir.resolve("a.yml"), router("a", "a.example"));
        startDirectory();
        assertThat(snapshots).hasSize(1);
        assertThat(ruleOf("a")).isEqualTo("Host(`a.example`)");
        assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.OK);
    }

    @Test
    void anInPlaceEditIsApplied() throws IOException {
        Path file = dir.resolve("a.yml");
        Files.writeString(file, router("a", "one.example"));
        startDirectory();
        long start = System.nanoTime();
        Files.writeString(file, router("a", "two.example"));
        await().atMost(PATIENCE).until(() -> ruleOf("a").equals("Host(`two.example`)"));
        System.out.printf("file-provider in-place edit applied after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void anAtomicRenameIsApplied() throws IOException {
        Path file = dir.resolve("a.yml");
        Files.writeString(file, router("a", "one.example"));
        startDirectory();
        Path temp = dir.resolve(".a.yml.tmp");
        Files.writeString(temp, router("a", "renamed.example"));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(PATIENCE).until(() -> ruleOf("a").equals("Host(`renamed.example`)"));
    }

    @Test
    void anInvalidEditKeepsTheLastGoodVersionOfThatFile() throws IOException {
        Path file = dir.resolve("a.yml");
        Files.writeString(file, router("a", "good.example"));
        Files.writeString(dir.resolve("b.yml"), router("b", "b.example"));
        startDirectory();
        Files.writeString(file, "http:\n  routers:\n    a: [\n");
        await().atMost(PATIENCE).until(() -> !snapshots.getLast().errors().isEmpty());
        assertThat(ruleOf("a")).isEqualTo("Host(`good.example`)");
        assertThat(ruleOf("b")).isEqualTo("Host(`b.example`)");
        assertThat(snapshots.getLast().errors())
                .singleElement()
                .extracting(ConfigError::toString)
                .asString()
                .startsWith("a.yml:")
                .contains("keeping the last good version");
        assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.DEGRADED);

        Files.writeString(file, router("a", "fixed.example"));
        await().atMost(PATIENCE).until(() -> ruleOf("a").equals("Host(`fixed.example`)"));
        assertThat(snapshots.getLast().errors()).isEmpty();
    }

    @Test
    void anInvalidObjectIsLeftOutAndTheRestOfTheFileKept() throws IOException {
        Files.writeString(dir.resolve("a.yml"), """
                http:
                  routers:
                    good: {rule: "Host(`g`)", service: s}
                    bad: {rule: "Host(`b`)"}
                """);
        startDirectory();
        assertThat(routers()).containsOnlyKeys("good");
        assertThat(snapshots.getLast().errors())
                .singleElement()
                .asString()
                .isEqualTo("a.yml:4: http.routers.bad: missing required key \"service\"");
    }

    @Test
    void aNewFileInTheDirectoryIsApplied() throws IOException {
        Files.writeString(dir.resolve("a.yml"), router("a", "a.example"));
        startDirectory();
        Files.writeString(dir.resolve("b.yaml"), router("b", "b.example"));
        Files.writeString(dir.resolve("notes.txt"), "not configuration");
        await().atMost(PATIENCE).until(() -> routers().containsKey("b"));
        assertThat(routers()).containsOnlyKeys("a", "b");
    }

    @Test
    void aDeletedFileTakesItsObjectsAway() throws IOException {
        Files.writeString(dir.resolve("a.yml"), router("a", "a.example"));
        Files.writeString(dir.resolve("b.yml"), router("b", "b.example"));
        startDirectory();
        Files.delete(dir.resolve("b.yml"));
        await().atMost(PATIENCE).until(() -> !routers().containsKey("b"));
        assertThat(routers()).containsOnlyKeys("a");
    }

    @Test
    void anObjectDefinedInTwoFilesKeepsTheFirst() throws IOException {
        Files.writeString(dir.resolve("a.yml"), router("r", "first.example"));
        Files.writeString(dir.resolve("b.yml"), router("r", "second.example"));
        startDirectory();
        assertThat(ruleOf("r")).isEqualTo("Host(`first.example`)");
        assertThat(snapshots.getLast().errors())
                .singleElement()
                .asString()
                .isEqualTo("b.yml: router \"r\" is already defined in a.yml; the first definition is kept");
    }

    @Test
    void aSingleFileIsWatchedThroughItsDirectory() throws IOException {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, router("a", "one.example"));
        Files.writeString(dir.resolve("other.yml"), router("other", "x"));
        provider = new FileProvider(file, false, true, Duration.ofMillis(200), Clock.systemUTC());
        provider.start(snapshots::add);
        assertThat(routers()).containsOnlyKeys("a");
        Path temp = dir.resolve("dynamic.yml.new");
        Files.writeString(temp, router("a", "two.example"));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(PATIENCE).until(() -> ruleOf("a").equals("Host(`two.example`)"));
        assertThat(routers()).containsOnlyKeys("a");
    }

    @Test
    void aMissingDirectoryIsReportedAndPickedUpWhenItAppears() throws IOException {
        Path later = dir.resolve("later");
        provider = new FileProvider(later, true, true, Duration.ofMillis(200), Clock.systemUTC());
        provider.start(snapshots::add);
        assertThat(snapshots.getLast().errors()).singleElement().asString().contains("cannot read directory");
        assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.FAILED);
        Files.createDirectory(later);
        Files.writeString(later.resolve("a.yml"), router("a", "a.example"));
        await().atMost(PATIENCE).until(() -> routers().containsKey("a"));
        assertThat(snapshots.getLast().errors()).isEmpty();
    }

    @Test
    void withoutWatchingOnlyAnExplicitRescanReadsChanges() throws IOException {
        Path file = dir.resolve("a.yml");
        Files.writeString(file, router("a", "one.example"));
        provider = new FileProvider(dir, true, false, Duration.ofMillis(200), Clock.systemUTC());
        provider.start(snapshots::add);
        Files.writeString(file, router("a", "two.example") + "# longer\n");
        provider.rescan();
        assertThat(ruleOf("a")).isEqualTo("Host(`two.example`)");
        int count = snapshots.size();
        provider.rescan();
        assertThat(snapshots).as("nothing changed: nothing published").hasSize(count);
    }

    @Test
    void tomlFilesAreRefusedByName() throws IOException {
        Files.writeString(dir.resolve("dynamic.toml"), "[http]\n");
        startDirectory();
        assertThat(snapshots.getLast().errors())
                .singleElement()
                .asString()
                .isEqualTo("dynamic.toml: TOML files are not supported by swarmedge; use YAML");
    }

    @Test
    void theSeedTlsOptionsFileLoadsThroughTheWatcher() throws IOException {
        Files.copy(
                Path.of("src/test/resources/dynamic/seed-default-tls-options.yml"),
                dir.resolve("default-tls-options.yml"));
        startDirectory();
        Merged merged = new ConfigMerger(ConfigMerger.DEFAULT_INTERNAL_SERVICES, java.util.Set.of())
                .merge(List.of(snapshots.getLast()));
        assertThat(merged.errors()).isEmpty();
        assertThat(merged.config().http().middlewares()).containsOnlyKeys("hsts@file");
        assertThat(merged.config().tls().options()).containsKeys("default", "default@file");
        assertThat(merged.config().tls().options().get("default@file").sniStrict())
                .isTrue();
    }

    @Test
    void subdirectoriesAreReadAndHiddenOnesSkipped() throws IOException {
        Files.createDirectories(dir.resolve("sites"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("sites/b.yml"), router("b", "b.example"));
        Files.writeString(dir.resolve(".git/c.yml"), router("c", "c.example"));
        startDirectory();
        assertThat(routers()).containsOnlyKeys("b");
        Files.writeString(dir.resolve("sites/b.yml"), router("b", "changed.example"));
        await().atMost(PATIENCE).until(() -> ruleOf("b").equals("Host(`changed.example`)"));
    }

    @Test
    void aDeletedSingleFileKeepsTheLastGoodConfiguration() throws IOException {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, router("a", "a.example"));
        provider = new FileProvider(file, false, true, Duration.ofMillis(200), Clock.systemUTC());
        provider.start(snapshots::add);
        Files.delete(file);
        await().atMost(PATIENCE).until(() -> !snapshots.getLast().errors().isEmpty());
        assertThat(routers()).containsOnlyKeys("a");
        assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.FAILED);
        Files.writeString(file, router("a", "back.example"));
        await().atMost(PATIENCE).until(() -> ruleOf("a").equals("Host(`back.example`)"));
        assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.OK);
    }

    @Test
    void identicalDefinitionsInTwoSourcesAreNotAConflict() throws IOException {
        Files.writeString(dir.resolve("a.yml"), router("r", "same.example"));
        Files.writeString(dir.resolve("b.yml"), router("r", "same.example"));
        startDirectory();
        assertThat(snapshots.getLast().errors()).isEmpty();
        assertThat(routers()).containsOnlyKeys("r");
    }

    @Test
    void aFileCaughtEmptyMidRewriteDoesNotLoseItsConfiguration() throws IOException {
        Path file = dir.resolve("a.yml");
        Files.writeString(file, router("a", "a.example"));
        provider = new FileProvider(dir, true, false, Duration.ofMillis(200), Clock.systemUTC());
        provider.start(snapshots::add);
        Files.writeString(file, ""); // the truncation of an in-place rewrite
        provider.rescan();
        assertThat(routers()).containsOnlyKeys("a");
        Files.writeString(file, """
                http:
                  routers:
                    a: {rule: "Host(`a.example`)", service: s}
                    b: {rule: "Host(`b.example`)", service: s}
                """);
        provider.rescan();
        assertThat(routers()).containsOnlyKeys("a", "b");
    }

    @Test
    void aFileThatStaysEmptyIsTakenAsEmpty() throws IOException {
        Path file = dir.resolve("a.yml");
        Files.writeString(file, router("a", "a.example"));
        startDirectory();
        Files.writeString(file, "");
        await().atMost(PATIENCE).until(() -> routers().isEmpty());
    }

    @Test
    void readOnceForChecks() throws IOException {
        Files.writeString(dir.resolve("a.yml"), router("a", "a.example"));
        Files.writeString(dir.resolve("b.yml"), "http:\n  middlewares:\n    m: {rateLimit: {average: 1}}\n");
        ProviderSnapshot snapshot = FileProvider.readOnce(
                new io.swarmedge.config.staticconfig.Providers.FileProvider(true, "", dir.toString(), true));
        assertThat(snapshot.config().http().routers()).containsOnlyKeys("a");
        assertThat(snapshot.errors()).singleElement().asString().startsWith("b.yml:3: http.middlewares.m.rateLimit");
    }
}
