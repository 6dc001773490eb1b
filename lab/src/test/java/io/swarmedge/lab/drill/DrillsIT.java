package io.swarmedge.lab.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.swarmedge.lab.Arrangement;
import io.swarmedge.lab.Lab;
import io.swarmedge.lab.LabStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * arrangement (default 3, or 10 with {@code -Dlab.full=true}); {@code -Dlab.build=true} rebuilds the images
 * from this build's jar first (default on CI); {@code -Dlab.keep=true} leaves the lab up afterwards.
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

    @BeforeAll
    static void upWithTheStack() {
        if (!Lab.dockerAnswers()) {
            String message = "the drills need a Docker engine answering the docker CLI (scripts/setup.d/50-docker.sh)";
            if (CI) {
                fail(message);
            }
            abort(message);
        }
        lab = Lab.locate();
        boolean build = Boolean.parseBoolean(System.getProperty("lab.build", String.valueOf(CI)));
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
        prepare(Arrangement.SWARMEDGE);
        DrillResult result = record(drills.drainHolder(Arrangement.SWARMEDGE));
        assertThat(result.failed()).as(DrillTable.row(result)).isZero();
    }

    @Test
    @Order(12)
    void swarmedgeRollingUpdates() {
        prepare(Arrangement.SWARMEDGE);
        DrillResult startFirst = record(drills.rollingUpdate(Arrangement.SWARMEDGE, "start-first"));
        DrillResult stopFirst = record(drills.rollingUpdate(Arrangement.SWARMEDGE, "stop-first"));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(startFirst.failed()).as(DrillTable.row(startFirst)).isZero();
        soft.assertThat(stopFirst.failed()).as(DrillTable.row(stopFirst)).isZero();
        soft.assertAll();
    }

    @Test
    @Order(13)
    void swarmedgeSingleReplicaRequestsWait() {
        prepare(Arrangement.SWARMEDGE);
        DrillResult result = record(drills.singleReplicaMoves(Arrangement.SWARMEDGE));
        assertThat(result.failed()).as(DrillTable.row(result)).isZero();
    }

    @Test
    @Order(14)
    void swarmedgeComponentFailures() {
        prepare(Arrangement.SWARMEDGE);
        DrillResult socketProxy = record(drills.killSocketProxy(Arrangement.SWARMEDGE));
        cluster.awaitHealthy(HEALTHY);
        DrillResult dockerd = record(drills.restartDockerd(Arrangement.SWARMEDGE));
        cluster.awaitHealthy(HEALTHY);
        DrillResult proxy = record(drills.killProxyOnNonHolder(Arrangement.SWARMEDGE));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(socketProxy.failed()).as(DrillTable.row(socketProxy)).isZero();
        soft.assertThat(dockerd.requests()).as(DrillTable.row(dockerd)).isPositive();
        soft.assertThat(proxy.failed()).as(DrillTable.row(proxy)).isZero();
        soft.assertAll();
    }

    @Test
    @Order(15)
    void swarmedgePartitionHealsToOneOwner() {
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
        prepare(Arrangement.KEEPALIVED);
        assertThat(record(drills.drainHolder(Arrangement.KEEPALIVED)).requests())
                .isPositive();
    }

    @Test
    @Order(22)
    void keepalivedRollingUpdates() {
        prepare(Arrangement.KEEPALIVED);
        assertThat(record(drills.rollingUpdate(Arrangement.KEEPALIVED, "start-first"))
                        .requests())
                .isPositive();
        assertThat(record(drills.rollingUpdate(Arrangement.KEEPALIVED, "stop-first"))
                        .requests())
                .isPositive();
    }

    @Test
    @Order(23)
    void keepalivedSingleReplica() {
        prepare(Arrangement.KEEPALIVED);
        assertThat(record(drills.singleReplicaMoves(Arrangement.KEEPALIVED)).requests())
                .isPositive();
    }

    @Test
    @Order(24)
    void keepalivedComponentFailures() {
        prepare(Arrangement.KEEPALIVED);
        assertThat(record(drills.killSocketProxy(Arrangement.KEEPALIVED)).requests())
                .isPositive();
        cluster.awaitHealthy(HEALTHY);
        assertThat(record(drills.restartDockerd(Arrangement.KEEPALIVED)).requests())
                .isPositive();
        cluster.awaitHealthy(HEALTHY);
        assertThat(record(drills.killProxyOnNonHolder(Arrangement.KEEPALIVED)).requests())
                .isPositive();
    }

    @Test
    @Order(25)
    void keepalivedPartition() {
        prepare(Arrangement.KEEPALIVED);
        Drills.PartitionFigures figures = drills.partitionHolder(Arrangement.KEEPALIVED, Duration.ofSeconds(15));
        record(figures.result());
        assertThat(figures.result().requests()).isPositive();
    }

    @Test
    @Order(26)
    void keepalivedKillHolder() {
        prepare(Arrangement.KEEPALIVED);
        Drills.KillFigures figures = drills.killHolder(Arrangement.KEEPALIVED, killRuns());
        DrillResult result = record(figures.result());
        assertThat(figures.takeoversMs()).as(DrillTable.row(result)).anyMatch(t -> !t.isNaN());
    }
}
