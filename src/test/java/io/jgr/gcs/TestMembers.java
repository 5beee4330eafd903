package io.jgr.gcs;

import io.jgr.perimeter.net.AdmissionGate;
import io.jgr.perimeter.net.MemberTls;
import io.jgr.perimeter.net.PlaintextMemberTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds member configurations on 127.0.0.N with free ports, and records what members deliver. */
public final class TestMembers {
    /** Fast failure detection for tests: unreachable about 1.5 s after a crash. */
    public static final GroupConfig.Tuning FAST = GroupConfig.Tuning.DEFAULTS
            .withFailureDetection(Duration.ofMillis(1000), Duration.ofMillis(500));

    public final UUID groupName = UUID.randomUUID();
    public final List<InetSocketAddress> addresses = new ArrayList<>();

    /** Members on 127.0.0.1 .. 127.0.0.n, each on a port that was free a moment ago on its own address. */
    public TestMembers(int n) {
        for (int i = 1; i <= n; i++) {
            addresses.add(new InetSocketAddress(loopback(i), freePort(loopback(i))));
        }
    }

    public static InetAddress loopback(int n) {
        try {
            return InetAddress.getByName("127.0.0." + n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        return freePort(InetAddress.getLoopbackAddress());
    }

    /**
     * A port free on {@code address} now: a port free on 127.0.0.1 may be taken on 127.0.0.2 by an earlier member's
     * outgoing connection (members bind their client sockets to their own address), which once failed a later
     * member's bind ("No available port to bind to").
     */
    public static int freePort(InetAddress address) {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Member i (1-based); member 1 bootstraps when {@code bootstrap} is set. */
    public GroupConfig config(int i, boolean bootstrap, AdmissionGate gate, MemberTls tls) {
        return new GroupConfig(groupName, UUID.randomUUID(), addresses.get(i - 1), addresses, bootstrap,
                Duration.ofSeconds(1), gate, tls, FAST);
    }

    public GroupConfig config(int i) {
        return config(i, i == 1, peer -> true, PlaintextMemberTls.INSTANCE);
    }

    /** Member i (1-based, member 1 bootstraps) with other engine settings. */
    public GroupConfig config(int i, GroupConfig.Tuning tuning) {
        return new GroupConfig(groupName, UUID.randomUUID(), addresses.get(i - 1), addresses, i == 1,
                Duration.ofSeconds(1), peer -> true, PlaintextMemberTls.INSTANCE, tuning);
    }

    /** Members a test started, each with its {@link Recorder}, in start order; {@link #close} closes them all. */
    public static final class Started implements AutoCloseable {
        public final List<Group> groups = new ArrayList<>();
        public final List<Recorder> recorders = new ArrayList<>();

        public Group start(GroupConfig config) throws Exception {
            Recorder r = new Recorder();
            Group g = Group.join(config, r, new Views());
            groups.add(g);
            recorders.add(r);
            return g;
        }

        @Override
        public void close() {
            groups.forEach(Group::close);
        }
    }

    /** Records deliveries: count, a hash of the order, and the log indexes seen. */
    public static final class Recorder implements GroupStateMachine {
        private final List<Long> indexes = new CopyOnWriteArrayList<>();
        private volatile long hash = 17;
        private volatile long count;

        @Override
        public void deliver(long index, byte[] payload) {
            long h = hash;
            for (byte b : payload) {
                h = h * 31 + b;
            }
            hash = h * 1_000_003L;
            indexes.add(index);
            count++;
        }

        public long count() {
            return count;
        }

        public long hash() {
            return hash;
        }

        public List<Long> indexes() {
            return indexes;
        }

        /** The group index of the last delivery (a snapshot moves it on without deliveries), 0 if none. */
        public long lastIndex() {
            return indexes.isEmpty() ? 0 : indexes.get(indexes.size() - 1);
        }
    }

    /** Keeps every membership notification. */
    public static final class Views implements MembershipListener {
        public final List<Membership> seen = new CopyOnWriteArrayList<>();

        @Override
        public void membershipChanged(Membership membership) {
            seen.add(membership);
        }

        public boolean anyDeparted(MemberState state) {
            return seen.stream().flatMap(m -> m.departed().stream()).anyMatch(m -> m.state() == state);
        }
    }
}
