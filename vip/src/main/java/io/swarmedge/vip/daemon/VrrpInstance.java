package io.swarmedge.vip.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swarmedge.vip.config.CheckSpec;
import io.swarmedge.vip.config.InstanceConfig;
import io.swarmedge.vip.config.TrackedCheckConfig;
import io.swarmedge.vip.os.AddressEditor;
import io.swarmedge.vip.os.LinkEditor;
import io.swarmedge.vip.os.NativeException;
import io.swarmedge.vip.os.NeighbourAnnouncer;
import io.swarmedge.vip.os.NetworkLink;
import io.swarmedge.vip.os.ReceivedDatagram;
import io.swarmedge.vip.os.Sysctl;
import io.swarmedge.vip.os.VirtualAddress;
import io.swarmedge.vip.os.VrrpSocket;
import io.swarmedge.vip.packet.Advertisement;
import io.swarmedge.vip.packet.AdvertisementCodec;
import io.swarmedge.vip.packet.MalformedAdvertisementException;
import io.swarmedge.vip.packet.VrrpVersion;
import io.swarmedge.vip.state.ExecutorScheduler;
import io.swarmedge.vip.state.RouterActions;
import io.swarmedge.vip.state.RouterSettings;
import io.swarmedge.vip.state.Scheduler;
import io.swarmedge.vip.state.VrrpState;
import io.swarmedge.vip.state.VrrpStateMachine;
import io.swarmedge.vip.track.HealthTracker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running virtual router: wires the state machine to the raw socket, the address editor,
 * the neighbour announcer, the health tracker, notify hooks, logs and metrics.
 */
public final class VrrpInstance implements RouterActions, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpInstance.class);
    /** The longest a new master waits before taking the addresses. */
    private static final Duration MAX_SETTLE = Duration.ofMillis(20);
    /** Late advertisements are logged at most this often. */
    private static final Duration LATE_LOG_EVERY = Duration.ofSeconds(10);

    private final InstanceConfig config;
    private final MeterRegistry registry;
    private final NetworkLink link;
    private final Optional<NetworkLink> vmacLink;
    private final Sysctl sysctl = new Sysctl();
    private LinkEditor links;
    private final ExecutorScheduler scheduler;
    private final HealthTracker tracker;
    private final NotifyRunner notify;
    private final AtomicInteger stateGauge = new AtomicInteger();
    private final AtomicInteger priorityGauge = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AdvertisementPace pace;
    private final Counter lateAdvertisements;
    /** When the last late advertisement was logged, and how many were not logged since (scheduler thread). */
    private long lateLoggedNanos = Long.MIN_VALUE;

    private int lateUnlogged;
    private final List<Scheduler.Timer> announcementTimers = new ArrayList<>();
    private final List<InetAddress> advertised;

    private VrrpSocket socket;
    private AddressEditor addresses;
    private NeighbourAnnouncer announcer;
    private VrrpStateMachine machine;
    private InetAddress source;
    private InetAddress destination;
    private Thread receiver;
    private volatile boolean closed;
    /** The addresses are on the interface (set and read on the scheduler thread). */
    private boolean holding;

    public VrrpInstance(InstanceConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.link = new NetworkLink(config.interfaceName());
        this.vmacLink = config.vmac().map(NetworkLink::new);
        this.scheduler = new ExecutorScheduler("vrrp-" + config.name());
        this.tracker = new HealthTracker(config.name(), withOwnInterface(config));
        this.notify = new NotifyRunner(config.name(), config.notifications());
        this.advertised =
                config.addresses().stream().map(VirtualAddress::address).toList();
        this.pace = new AdvertisementPace(Duration.ofMillis(config.advertCentis() * 10L));
        this.lateAdvertisements = Counter.builder("vip.advertisements.late")
                .description("advertisements sent more than two intervals after the previous one, as master")
                .tag("instance", config.name())
                .register(registry);
        Gauge.builder("vip.state", stateGauge, AtomicInteger::get)
                .description("VRRP state: 0 initialize, 1 backup, 2 master, 3 fault")
                .tag("instance", config.name())
                .register(registry);
        Gauge.builder("vip.priority", priorityGauge, AtomicInteger::get)
                .description("effective VRRP priority")
                .tag("instance", config.name())
                .register(registry);
    }

    /** As keepalived: the instance's own interface going down forces FAULT. */
    private static List<TrackedCheckConfig> withOwnInterface(InstanceConfig config) {
        List<TrackedCheckConfig> checks = new ArrayList<>(config.checks());
        boolean tracked = checks.stream()
                .anyMatch(
                        c -> c.check() instanceof CheckSpec.InterfaceUp(String n) && n.equals(config.interfaceName()));
        if (!tracked) {
            checks.add(new TrackedCheckConfig(
                    "interface " + config.interfaceName(),
                    new CheckSpec.InterfaceUp(config.interfaceName()),
                    Duration.ofMillis(100),
                    Duration.ofSeconds(1),
                    0,
                    1,
                    1,
                    false));
        }
        return checks;
    }

    public String name() {
        return config.name();
    }

    /**
     * Opens sockets, clears stale addresses, starts the checks, waits for their first results and
     * starts the state machine with that verdict.
     */
    public void start() {
        link.index();
        source = config.unicastSource()
                .or(() -> !config.ipv6()
                        ? link.primaryIpv4().map(a -> (InetAddress) a)
                        : config.unicast()
                                ? link.globalIpv6(advertised).map(a -> (InetAddress) a)
                                : link.linkLocalIpv6().map(a -> (InetAddress) a))
                .orElseThrow(() -> new IllegalStateException("instance \"" + config.name() + "\": interface "
                        + link.name()
                        + " has no " + (config.ipv6() ? (config.unicast() ? "global IPv6" : "IPv6 link-local") : "IPv4")
                        + " address to send from"));
        destination = config.ipv6() ? InetAddress.ofLiteral("ff02::12") : InetAddress.ofLiteral("224.0.0.18");
        if (vmacLink.isPresent()) {
            setUpVirtualMac(vmacLink.get());
        }
        // A macvlan swallows multicast that carries its own MAC as source, so with a virtual MAC
        // the peers' multicast adverts (same MAC) arrive on the macvlan, not on the parent.
        NetworkLink receiveLink = vmacLink.isPresent() && !config.unicast() ? vmacLink.get() : link;
        socket = VrrpSocket.open(
                receiveLink,
                addressLink(),
                config.ipv6(),
                !config.unicast(),
                config.unicast() ? Optional.of(source) : Optional.empty());
        addresses = new AddressEditor();
        announcer = new NeighbourAnnouncer();
        // A previous run killed while master may have left the addresses behind.
        removeAddresses();
        RouterSettings settings = new RouterSettings(
                config.version(),
                config.vrid(),
                config.priority(),
                config.advertCentis(),
                config.preempt(),
                config.preemptDelay(),
                source);
        machine = new VrrpStateMachine(settings, scheduler, this);
        // The checks run first: the instance leaves Initialize only with a known verdict, and a
        // check without a result by then counts as failing. Every later change reaches the machine.
        tracker.start(() -> scheduler.execute(this::applyVerdict));
        HealthTracker.Verdict verdict = tracker.awaitFirstResults();
        LOG.info(
                "event=initial_verdict instance={} priority={} fault=\"{}\"",
                config.name(),
                config.priority() + verdict.priorityDelta(),
                verdict.faultReason().orElse("none"));
        scheduler.executeAndWait(
                () -> {
                    applyVerdict();
                    machine.start();
                },
                Duration.ofSeconds(10));
        receiver = Thread.ofPlatform()
                .daemon()
                .name("vrrp-rx-" + config.name())
                .priority(Thread.MAX_PRIORITY)
                .start(this::receiveLoop);
        LOG.info(
                "event=instance_started instance={} interface={} vrid={} version={} priority={} advert_ms={} mode={} source={} addresses={}",
                config.name(),
                link.name(),
                config.vrid(),
                config.version().number(),
                config.priority(),
                config.advertCentis() * 10,
                config.unicast() ? "unicast" : "multicast",
                source.getHostAddress(),
                config.addresses());
    }

    /**
     * keepalived's use_vmac: a private macvlan carrying 00:00:5e:00:01:VRID holds the addresses
     * and sends the advertisements, so a failover moves a MAC and no neighbour cache must change.
     */
    private void setUpVirtualMac(NetworkLink vmac) {
        links = new LinkEditor();
        if (vmac.exists()) {
            links.delete(vmac.index()); // left behind by a killed run
        }
        links.createMacvlan(vmac.name(), link.index(), LinkEditor.virtualMac(config.vrid()));
        try {
            // No link-local address, so a backup never sends from the shared MAC.
            sysctl.set("net/ipv6/conf/" + vmac.name() + "/disable_ipv6", "1");
        } catch (IllegalStateException e) {
            LOG.debug("event=vmac_ipv6_untouched instance={} reason=\"{}\"", config.name(), e.getMessage());
        }
        // Only the interface holding an address answers ARP for it: the VIP is answered with the virtual MAC.
        sysctl.set("net/ipv4/conf/" + vmac.name() + "/arp_ignore", "1");
        // Adverts from peers arrive here with sources routed via the parent: no reverse-path drop.
        sysctl.set("net/ipv4/conf/" + vmac.name() + "/rp_filter", "0");
        sysctl.set("net/ipv4/conf/" + link.name() + "/arp_ignore", "1");
        // And the parent never names the VIP as sender of its own ARP requests (replies to clients
        // leave through it), which would teach neighbours the parent's MAC for the VIP.
        sysctl.set("net/ipv4/conf/" + link.name() + "/arp_announce", "2");
        links.up(vmac.index());
    }

    /** The interface that holds the virtual addresses and announces them. */
    private NetworkLink addressLink() {
        return vmacLink.orElse(link);
    }

    /** Hands the tracker's latest verdict to the machine; runs on the scheduler thread. */
    private void applyVerdict() {
        if (closed) {
            return;
        }
        HealthTracker.Verdict verdict = tracker.verdict();
        machine.priorityChanged(config.priority() + verdict.priorityDelta());
        priorityGauge.set(machine.priority());
        machine.faultChanged(
                verdict.faultReason().isPresent(), verdict.faultReason().orElse("checks recovered"));
    }

    public VrrpState state() {
        return machine == null ? VrrpState.INITIALIZE : machine.state();
    }

    private void receiveLoop() {
        while (!closed) {
            Optional<ReceivedDatagram> received;
            try {
                received = socket.receive();
                received.ifPresent(this::handle);
            } catch (RuntimeException e) {
                if (!closed) {
                    // Keep receiving: a dead receiver would turn this node into a second master.
                    LOG.warn("event=receive_failed instance={} error=\"{}\"", config.name(), e.toString());
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                }
            }
        }
    }

    private void handle(ReceivedDatagram d) {
        if (d.source().equals(source)) {
            return; // our own advertisement looped back
        }
        if (d.ttl() != 255) {
            drop(d, "ttl " + d.ttl() + " is not 255");
            return;
        }
        Advertisement adv;
        try {
            adv = AdvertisementCodec.decode(d.payload(), d.source(), d.destination(), !socket.kernelChecksums());
        } catch (MalformedAdvertisementException e) {
            drop(d, e.getMessage());
            return;
        }
        if (adv.vrid() != config.vrid()) {
            return; // another virtual router on the same link
        }
        if (adv.version() != config.version()) {
            drop(
                    d,
                    "version " + adv.version().number() + " but we run "
                            + config.version().number());
            return;
        }
        if (config.unicast() && !config.unicastPeers().contains(d.source())) {
            drop(d, "sender is not a unicast peer");
            return;
        }
        if (config.version() == VrrpVersion.V2) {
            if (!adv.password().equals(config.password())) {
                drop(d, "authentication mismatch");
                return;
            }
            if (adv.intervalCentis() != config.advertCentis()) {
                drop(d, "advertisement interval " + adv.intervalCentis() / 100 + " s differs from ours");
                return;
            }
        }
        scheduler.execute(() -> machine.advertisementReceived(d.source(), adv.priority(), adv.intervalCentis()));
    }

    private void drop(ReceivedDatagram d, String why) {
        long n = dropped.incrementAndGet();
        // Log the first few and then every hundredth, so a misconfigured peer cannot flood the log.
        if (n <= 10 || n % 100 == 0) {
            LOG.warn(
                    "event=advertisement_dropped instance={} from={} reason=\"{}\" dropped_total={}",
                    config.name(),
                    d.source().getHostAddress(),
                    why,
                    n);
        }
    }

    @Override
    public void sendAdvertisement(int priority) {
        if (priority > 0) {
            pace.sent(System.nanoTime()).ifPresent(this::late);
        }
        Advertisement adv = new Advertisement(
                config.version(), config.vrid(), priority, config.advertCentis(), advertised, config.password());
        List<InetAddress> targets = config.unicast() ? config.unicastPeers() : List.of(destination);
        for (InetAddress target : targets) {
            try {
                socket.send(AdvertisementCodec.encode(adv, source, target, config.checksumMode()), source, target);
            } catch (NativeException e) {
                LOG.warn(
                        "event=advertisement_send_failed instance={} to={} error=\"{}\"",
                        config.name(),
                        target.getHostAddress(),
                        e.getMessage());
            }
        }
    }

    /**
     * This master was silent for longer than two intervals: one more and the backups take over. Logged
     * at most every 10 s (with the count of the others), counted always.
     */
    private void late(Duration gap) {
        lateAdvertisements.increment();
        long now = System.nanoTime();
        if (lateLoggedNanos != Long.MIN_VALUE && now - lateLoggedNanos < LATE_LOG_EVERY.toNanos()) {
            lateUnlogged++;
            return;
        }
        LOG.warn(
                "event=advertisement_late instance={} gap_ms={} interval_ms={} backups_take_over_after_ms={}"
                        + "+skew not_logged_since_last={} reason=\"this process was not run in time: the node's CPUs busy"
                        + " with other work, a pause or a frozen container; a longer gap moves the address\"",
                config.name(),
                gap.toMillis(),
                config.advertCentis() * 10,
                config.advertCentis() * 30,
                lateUnlogged);
        lateLoggedNanos = now;
        lateUnlogged = 0;
    }

    /**
     * Takes the addresses a moment after the transition (a tenth of the advertisement interval, at
     * most 20 ms): when two backups time out together (equal priorities), the loser sees the
     * winner's advertisement within that moment and steps down without ever having announced the
     * addresses, so no neighbour learns its MAC and no connection lands on it.
     */
    @Override
    public void becomeMaster() {
        Duration settle = Duration.ofMillis(Math.min(MAX_SETTLE.toMillis(), config.advertCentis()));
        announcementTimers.add(scheduler.schedule(settle, () -> {
            if (machine.state() == VrrpState.MASTER && !closed) {
                takeAddresses();
            }
        }));
    }

    private void takeAddresses() {
        int index;
        try {
            index = addressLink().index();
        } catch (RuntimeException e) {
            LOG.error("event=address_add_failed instance={} error=\"{}\"", config.name(), e.getMessage());
            return;
        }
        for (VirtualAddress a : config.addresses()) {
            try {
                addresses.add(deviceIndex(a, index), a);
            } catch (RuntimeException e) {
                LOG.error(
                        "event=address_add_failed instance={} address={} error=\"{}\"",
                        config.name(),
                        a,
                        e.getMessage());
            }
        }
        holding = true;
        announce();
        GarpPlan plan = new GarpPlan(config.garp().masterDelay(), config.garp().masterRefresh());
        if (!plan.delay().isZero()) {
            announcementTimers.add(scheduler.schedule(plan.delay(), this::announce));
        }
        if (!plan.refresh().isZero()) {
            scheduleRefresh(plan.refresh());
        }
    }

    private record GarpPlan(Duration delay, Duration refresh) {}

    private void scheduleRefresh(Duration every) {
        announcementTimers.add(scheduler.schedule(every, () -> {
            if (machine.state() == VrrpState.MASTER) {
                announce();
                scheduleRefresh(every);
            }
        }));
    }

    private void announce() {
        byte[] mac;
        try {
            mac = vmacLink.isPresent() ? LinkEditor.virtualMac(config.vrid()) : link.macAddress();
        } catch (RuntimeException e) {
            LOG.warn("event=announce_failed instance={} error=\"{}\"", config.name(), e.getMessage());
            return;
        }
        if (!addressLink().exists()) {
            return;
        }
        int index = addressLink().index();
        for (int i = 0; i < config.garp().repeat(); i++) {
            for (VirtualAddress a : config.addresses()) {
                try {
                    announcer.announce(deviceIndex(a, index), mac, a.address());
                } catch (RuntimeException e) {
                    LOG.warn(
                            "event=announce_failed instance={} address={} error=\"{}\"",
                            config.name(),
                            a,
                            e.getMessage());
                }
            }
        }
    }

    @Override
    public void reannounce() {
        if (!holding) {
            return; // still settling: the addresses are announced when taken
        }
        LOG.info("event=reannounce instance={} reason=\"a lower priority master was seen\"", config.name());
        announce();
    }

    @Override
    public void leaveMaster() {
        pace.reset();
        announcementTimers.forEach(Scheduler.Timer::cancel);
        announcementTimers.clear();
        holding = false;
        removeAddresses();
    }

    private void removeAddresses() {
        if (!addressLink().exists()) {
            return; // the interface and its addresses are gone
        }
        int index = addressLink().index();
        for (VirtualAddress a : config.addresses()) {
            try {
                addresses.remove(deviceIndex(a, index), a);
            } catch (RuntimeException e) {
                LOG.error(
                        "event=address_remove_failed instance={} address={} error=\"{}\"",
                        config.name(),
                        a,
                        e.getMessage());
            }
        }
    }

    private static int deviceIndex(VirtualAddress a, int defaultIndex) {
        return a.device().map(d -> new NetworkLink(d).index()).orElse(defaultIndex);
    }

    @Override
    public void transitioned(VrrpState from, VrrpState to, int priority, String reason) {
        stateGauge.set(to.ordinal());
        priorityGauge.set(priority);
        Counter.builder("vip.transitions")
                .description("VRRP state transitions")
                .tag("instance", config.name())
                .tag("from", from.name().toLowerCase(java.util.Locale.ROOT))
                .tag("to", to.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
        LOG.info(
                "event=transition instance={} from={} to={} priority={} reason=\"{}\"",
                config.name(),
                from,
                to,
                priority,
                reason);
        notify.transitioned(to, priority);
    }

    /** Stops: a master sends priority 0 and removes its addresses; then sockets close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        tracker.close();
        if (machine != null) {
            try {
                scheduler.executeAndWait(machine::shutdown, Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.warn("event=shutdown_incomplete instance={} error=\"{}\"", config.name(), e.getMessage());
            }
        }
        closed = true;
        scheduler.close();
        if (receiver != null) {
            try {
                receiver.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (socket != null) {
            socket.close();
        }
        if (addresses != null) {
            addresses.close();
        }
        if (announcer != null) {
            announcer.close();
        }
        if (links != null) {
            vmacLink.filter(NetworkLink::exists).ifPresent(v -> {
                try {
                    links.delete(v.index());
                } catch (RuntimeException e) {
                    LOG.warn("event=vmac_delete_failed instance={} error=\"{}\"", config.name(), e.getMessage());
                }
            });
            links.close();
        }
        sysctl.close();
    }
}
