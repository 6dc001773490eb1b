package io.swarmedge.lab.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.swarmedge.lab.Arrangement;
import io.swarmedge.lab.Lab;
import io.swarmedge.lab.LabStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 6's drills on the real three-manager lab, first with swarmedge's {@code vip} holding the VIP, then
 * with keepalived configured like the seed, {@code swarmedge downtime} running through the VIP during each.
 * Each drill prints its figures ({@code DRILL ...} lines); the side-by-side table is printed at the end and
 * written to {@code target/drills.md} and {@code target/drills.json}.
 *
 * <p>The targets are assertions for the swarmedge arrangement; keepalived's figures are printed,
 * not asserted (only that the drill ran). Properties: {@code -Dlab.killRuns=N} kill runs of drill 4 per
 * arrangement (default 3, or 10 with {@code -Dlab.full=true}); the images are rebuilt from this build's jar
 * first unless {@code -Dlab.build=false}; {@code -Dlab.keep=true} leaves the lab up afterwards;
 * {@code -Dlab.drills=1,5c,6} runs only those drills and {@code -Dlab.arrangements=swarmedge,keepalived}
 * those arrangements (default: every drill, swarmedge's arrangement only; both with {@code -Dlab.full=true}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrillsIT {
    private static final boolean CI = "true".equals(System.getenv("CI"));
    private static final Duration HEALTHY = Duration.ofMinutes(4);
    private static final DrillTable TABLE = new DrillTable();
    private static Lab lab;
    private static LabCluster cluster;
    private static Drills drills;

    static int killRuns() {
        String runs = System.getProperty("lab.killRuns", "");
        if (!runs.isBlank()) {
            int n = Integer.parseInt(runs.strip());
            if (n < 1) {
                throw new IllegalArgumentException("-Dlab.killRuns must be at least 1, got " + runs);
            }
            return n;
        }
        return Boolean.getBoolean("lab.full") ? 10 : 3;
    }

    private static final Set<String> DRILLS = Set.of("1", "2a", "2b", "3", "4", "5a", "5b", "5c", "6");

    /** {@code -Dlab.drills}: a comma-separated subset of {@link #DRILLS}, or all when absent. */
    static Set<String> selectedDrills() {
        return selection("lab.drills", DRILLS);
    }

    /**
     * {@code -Dlab.arrangements}: {@code swarmedge}, {@code keepalived} or both. Default: swarmedge's only
     * (the arrangement whose targets are asserted: what every {@code verify} runs), both with {@code
     * -Dlab.full=true}.
     */
    static Set<String> selectedArrangements() {
        Set<String> all =
                Arrays.stream(Arrangement.values()).map(Arrangement::scriptName).collect(Collectors.toSet());
        if (System.getProperty("lab.arrangements", "").isBlank()) {
            return Boolean.getBoolean("lab.full") ? all : Set.of(Arrangement.SWARMEDGE.scriptName());
        }
        return selection("lab.arrangements", all);
    }

    private static Set<String> selection(String property, Set<String> known) {
        String value = System.getProperty(property, "").strip();
        if (value.isEmpty()) {
            return known;
        }
        Set<String> chosen = Arrays.stream(value.split(","))
                .map(v -> v.strip().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toSet());
        Set<String> unknown = chosen.stream().filter(v -> !known.contains(v)).collect(Collectors.toSet());
        if (!unknown.isEmpty() || chosen.isEmpty()) {
            throw new IllegalArgumentException("-D" + property + "=" + value + ": unknown " + unknown + ", known "
                    + known.stream().sorted().toList());
        }
        return chosen;
    }

    private static boolean runs(Arrangement arrangement, String drill) {
        return selectedArrangements().contains(arrangement.scriptName())
                && selectedDrills().contains(drill);
    }

    /** Skips the test unless one of its drills is selected for the arrangement. */
    private static void assumeSelected(Arrangement arrangement, String... drills) {
        assumeTrue(
                Arrays.stream(drills).anyMatch(d -> runs(arrangement, d)),
                "drills " + List.of(drills) + " of " + arrangement.scriptName() + " not selected (-Dlab.drills, "
                        + "-Dlab.arrangements)");
    }

    @BeforeAll
    static void upWithTheStack() {
        selectedDrills();
        selectedArrangements();
        if (!Lab.dockerAnswers()) {
            String message = "the drills need a Docker engine answering the docker CLI (scripts/setup.d/50-docker.sh)";
            if (CI) {
                fail(message);
            }
            abort(message);
        }
        lab = Lab.locate();
        boolean build = Lab.buildRequested();
        long started = System.nanoTime();
        lab.up(Arrangement.SWARMEDGE, build);
        cluster = new LabCluster(lab);
        LabStatus status = cluster.awaitHealthy(HEALTHY);
        TABLE.note("commit", commit());
        TABLE.note("started", Instant.now().toString());
        TABLE.note(
                "lab up (" + (build ? "images rebuilt" : "existing images") + ") until healthy",
                String.format("%.0f s", (System.nanoTime() - started) / 1e9));
        TABLE.note(
                "load",
                "swarmedge downtime through http://" + status.vip() + "/ (Host " + Drills.DEMO + "), "
                        + Drills.RATE + " req/s, " + Drills.WORKERS + " workers (new connections and keep-alive,"
                        + " GET and POST), " + Drills.TIMEOUT.toSeconds() + " s timeout; drill 3: Host "
                        + Drills.SINGLE_HOST + ", 20 req/s, " + Drills.HOLD_TIMEOUT.toSeconds() + " s timeout");
        TABLE.note(
                "drill 4",
                killRuns() + " kill runs per arrangement; takeover = the longest run of failed new connections"
                        + " after `docker kill`, to the first one that got a 200 again (a probe opens one every "
                        + TakeoverProbe.INTERVAL_MS + " ms, " + TakeoverProbe.CONNECT_TIMEOUT_MS
                        + " ms connect timeout); in-flight = load requests under way when it began");
        drills = new Drills(cluster, status.vip());
    }

    @AfterAll
    static void tableAndDown() throws IOException {
        TABLE.note("finished", Instant.now().toString());
        String markdown = TABLE.markdown();
        System.out.println();
        System.out.println(markdown);
        TABLE.write(Path.of(System.getProperty("lab.reportDir", "target")));
        if (lab != null && !Boolean.getBoolean("lab.keep")) {
            lab.down();
        }
    }

    private static String commit() {
        Path root = lab.script().getParent().getParent();
        List<String> head = List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD");
        List<String> dirty = List.of("git", "-C", root.toString(), "status", "--porcelain", "--untracked-files=no");
        var rev = lab.hostDocker(Duration.ZERO.plusSeconds(1), "version", "--format", "{{.Server.Version}}");
        String engine = rev.ok() ? rev.stdout().strip() : "?";
        try {
            String id = run(head);
            String changes = run(dirty);
            return id + (changes.isBlank() ? "" : " + uncommitted changes") + " (host engine " + engine + ")";
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out.strip();
    }

    private static void prepare(Arrangement arrangement) {
        cluster.arrangement(arrangement);
        cluster.awaitHealthy(HEALTHY);
    }

    private static DrillResult record(DrillResult result) {
        TABLE.add(result);
        return result;
    }

    // --- swarmedge's vip: the targets are asserted -------------------------------------------

    @Test
    @Order(11)
    void swarmedgeDrainHolder() {
        assumeSelected(Arrangement.SWARMEDGE, "1");
        prepare(Arrangement.SWARMEDGE);
        DrillResult result = record(drills.drainHolder(Arrangement.SWARMEDGE));
        assertThat(result.failed()).as(DrillTable.row(result)).isZero();
    }

    @Test
    @Order(12)
    void swarmedgeRollingUpdates() {
        assumeSelected(Arrangement.SWARMEDGE, "2a", "2b");
        prepare(Arrangement.SWARMEDGE);
        SoftAssertions soft = new SoftAssertions();
        for (String order : List.of("start-first", "stop-first")) {
            if (runs(Arrangement.SWARMEDGE, order.equals("start-first") ? "2a" : "2b")) {
                DrillResult result = record(drills.rollingUpdate(Arrangement.SWARMEDGE, order));
                soft.assertThat(result.failed()).as(DrillTable.row(result)).isZero();
            }
        }
        soft.assertAll();
    }

    @Test
    @Order(13)
    void swarmedgeSingleReplicaRequestsWait() {
        assumeSelected(Arrangement.SWARMEDGE, "3");
        prepare(Arrangement.SWARMEDGE);
        DrillResult result = record(drills.singleReplicaMoves(Arrangement.SWARMEDGE));
        assertThat(result.failed()).as(DrillTable.row(result)).isZero();
    }

    @Test
    @Order(14)
    void swarmedgeComponentFailures() {
        assumeSelected(Arrangement.SWARMEDGE, "5a", "5b", "5c");
        prepare(Arrangement.SWARMEDGE);
        SoftAssertions soft = new SoftAssertions();
        if (runs(Arrangement.SWARMEDGE, "5a")) {
            DrillResult socketProxy = record(drills.killSocketProxy(Arrangement.SWARMEDGE));
            soft.assertThat(socketProxy.failed())
                    .as(DrillTable.row(socketProxy))
                    .isZero();
            cluster.awaitHealthy(HEALTHY);
        }
        if (runs(Arrangement.SWARMEDGE, "5b")) {
            DrillResult dockerd = record(drills.restartDockerd(Arrangement.SWARMEDGE));
            // Routing goes on with the last good configuration: a node's engine restarting (the
            // swarm's leader when it is not the VIP holder) may cost a request, never an outage.
            soft.assertThat(dockerd.requests()).as(DrillTable.row(dockerd)).isPositive();
            soft.assertThat(dockerd.longestGapMs()).as(DrillTable.row(dockerd)).isLessThan(1000);
            cluster.awaitHealthy(HEALTHY);
        }
        if (runs(Arrangement.SWARMEDGE, "5c")) {
            DrillResult proxy = record(drills.killProxyOnNonHolder(Arrangement.SWARMEDGE));
            soft.assertThat(proxy.failed()).as(DrillTable.row(proxy)).isZero();
        }
        soft.assertAll();
    }

    @Test
    @Order(15)
    void swarmedgePartitionHealsToOneOwner() {
        assumeSelected(Arrangement.SWARMEDGE, "6");
        prepare(Arrangement.SWARMEDGE);
        Drills.PartitionFigures figures = drills.partitionHolder(Arrangement.SWARMEDGE, Duration.ofSeconds(15));
        record(figures.result());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(figures.converged())
                .as("swarm Ready, demo on every node and the VIP after heal: " + DrillTable.row(figures.result()))
                .isTrue();
        soft.assertThat(figures.ownersAfterHeal())
                .as("VIP owners, asked on every node, after the heal")
                .allSatisfy(owners -> assertThat(owners).hasSize(1));
        soft.assertAll();
    }

    @Test
    @Order(16)
    void swarmedgeKillHolder() {
        assumeSelected(Arrangement.SWARMEDGE, "4");
        prepare(Arrangement.SWARMEDGE);
        Drills.KillFigures figures = drills.killHolder(Arrangement.SWARMEDGE, killRuns());
        DrillResult result = record(figures.result());
        assertThat(figures.median())
                .as("median time until new connections succeed: " + DrillTable.row(result))
                .isLessThan(1000.0);
    }

    // --- keepalived like the seed: printed for comparison, only sanity asserted -----------------------

    @Test
    @Order(21)
    void keepalivedDrainHolder() {
        assumeSelected(Arrangement.KEEPALIVED, "1");
        prepare(Arrangement.KEEPALIVED);
        assertThat(record(drills.drainHolder(Arrangement.KEEPALIVED)).requests())
                .isPositive();
    }

    @Test
    @Order(22)
    void keepalivedRollingUpdates() {
        assumeSelected(Arrangement.KEEPALIVED, "2a", "2b");
        prepare(Arrangement.KEEPALIVED);
        for (String order : List.of("start-first", "stop-first")) {
            if (runs(Arrangement.KEEPALIVED, order.equals("start-first") ? "2a" : "2b")) {
                assertThat(record(drills.rollingUpdate(Arrangement.KEEPALIVED, order))
                                .requests())
                        .isPositive();
            }
        }
    }

    @Test
    @Order(23)
    void keepalivedSingleReplica() {
        assumeSelected(Arrangement.KEEPALIVED, "3");
        prepare(Arrangement.KEEPALIVED);
        assertThat(record(drills.singleReplicaMoves(Arrangement.KEEPALIVED)).requests())
                .isPositive();
    }

    @Test
    @Order(24)
    void keepalivedComponentFailures() {
        assumeSelected(Arrangement.KEEPALIVED, "5a", "5b", "5c");
        prepare(Arrangement.KEEPALIVED);
        if (runs(Arrangement.KEEPALIVED, "5a")) {
            assertThat(record(drills.killSocketProxy(Arrangement.KEEPALIVED)).requests())
                    .isPositive();
            cluster.awaitHealthy(HEALTHY);
        }
        if (runs(Arrangement.KEEPALIVED, "5b")) {
            assertThat(record(drills.restartDockerd(Arrangement.KEEPALIVED)).requests())
                    .isPositive();
            cluster.awaitHealthy(HEALTHY);
        }
        if (runs(Arrangement.KEEPALIVED, "5c")) {
            assertThat(record(drills.killProxyOnNonHolder(Arrangement.KEEPALIVED))
                            .requests())
                    .isPositive();
        }
    }

    @Test
    @Order(25)
    void keepalivedPartition() {
        assumeSelected(Arrangement.KEEPALIVED, "6");
        prepare(Arrangement.KEEPALIVED);
        Drills.PartitionFigures figures = drills.partitionHolder(Arrangement.KEEPALIVED, Duration.ofSeconds(15));
        record(figures.result());
        assertThat(figures.result().requests()).isPositive();
    }

    @Test
    @Order(26)
    void keepalivedKillHolder() {
        assumeSelected(Arrangement.KEEPALIVED, "4");
        prepare(Arrangement.KEEPALIVED);
        Drills.KillFigures figures = drills.killHolder(Arrangement.KEEPALIVED, killRuns());
        DrillResult result = record(figures.result());
        assertThat(figures.takeoversMs()).as(DrillTable.row(result)).anyMatch(t -> !t.isNaN());
    }
}
