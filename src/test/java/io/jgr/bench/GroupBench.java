package io.jgr.bench;

import io.jgr.gcs.Group;
import io.jgr.gcs.GroupConfig;
import io.jgr.gcs.GroupStateMachine;
import io.jgr.gcs.MemberState;
import io.jgr.gcs.TestMembers;
import io.jgr.perimeter.net.MemberTls;
import io.jgr.perimeter.net.PlaintextMemberTls;
import io.jgr.gcs.GroupPki;
import io.jgr.perimeter.tls.SslMode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Ordered-delivery figures for three in-process members on 127.0.0.1..3: time to a formed group, then
 * a saturation run (every member sends as fast as its in-flight window allows) and a fixed-rate run,
 * TLS VERIFY_IDENTITY (perimeter.tls.GroupTls, EC P-256 certificates) vs DISABLED. Latency = delivery at each member minus send time
 * at the origin; the worst member's p50/p99 is printed. Run with {@code bench/gcs.sh}.
 * Arguments: [messages per member for saturation, default 20000] [fixed total rate msg/s, default 3000]
 * [fixed-rate seconds, default 5].
 */
public final class GroupBench {
    private static final int PAYLOAD = 200;

    private GroupBench() {
    }

    /** Records latency and an order hash per member. */
    private static final class Sink implements GroupStateMachine {
        final long[] latencies;
        int count;
        long hash = 17;
        volatile long delivered;
        volatile long lastDeliveryNanos;

        Sink(int capacity) {
            latencies = new long[capacity];
        }

        @Override
        public void deliver(long index, byte[] payload) {
            long now = System.nanoTime();
            ByteBuffer b = ByteBuffer.wrap(payload);
            int origin = b.getInt(0);
            long seq = b.getLong(4);
            long sent = b.getLong(12);
            if (count < latencies.length) {
                latencies[count] = now - sent;
            }
            count++;
            hash = (hash * 31 + origin) * 1_000_003L + seq;
            lastDeliveryNanos = now;
            delivered = count;
        }

        void reset() {
            count = 0;
            delivered = 0;
        }
    }

    record Run(double throughput, double p50Millis, double p99Millis, boolean sameOrder) {
    }

    public static void main(String[] args) throws Exception {
        int perMember = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        IntFunction<MemberTls> verifyIdentity = i -> GroupPki.INSTANCE.tls(SslMode.VERIFY_IDENTITY, "member" + i);
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%-16s %12s %14s %9s %9s %18s %9s %9s %6s",
                "mode", "formed (ms)", "sat. msg/s", "p50 ms", "p99 ms", "fixed msg/s (set)", "p50 ms", "p99 ms", "order"));
        for (String mode : List.of("DISABLED", "VERIFY_IDENTITY")) {
            IntFunction<MemberTls> tls = mode.equals("DISABLED") ? i -> PlaintextMemberTls.INSTANCE : verifyIdentity;
            rows.add(bench(mode, tls, perMember, rate, seconds));
        }
        System.out.println();
        System.out.println("jgr group engine: 3 in-process members, " + PAYLOAD + "-byte messages, window "
                + GroupConfig.Tuning.DEFAULTS.maxInFlight() + " per member, " + Runtime.getRuntime().availableProcessors()
                + " CPUs");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String bench(String mode, IntFunction<MemberTls> tls, int perMember, int rate, int seconds) throws Exception {
        TestMembers t = new TestMembers(3);
        int capacity = 3 * perMember + rate * seconds + 1000;
        List<Sink> sinks = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 1; i <= 3; i++) {
                GroupConfig c = new GroupConfig(t.groupName, UUID.randomUUID(), t.addresses.get(i - 1), t.addresses,
                        i == 1, Duration.ofSeconds(5), peer -> true, tls.apply(i), GroupConfig.Tuning.DEFAULTS);
                Sink s = new Sink(capacity);
                sinks.add(s);
                Group g = Group.join(c, s, m -> { });
                groups.add(g);
                if (i > 1) {
                    g.declareOnline().get(30, TimeUnit.SECONDS);
                }
            }
            waitUntil(() -> groups.stream().allMatch(g -> g.membership().count(MemberState.ONLINE) == 3
                    && g.membership().majority()), 30);
            double formedMillis = (System.nanoTime() - start) / 1e6;

            // warm-up
            runSaturation(groups, sinks, 2000);
            Run sat = runSaturation(groups, sinks, perMember);
            Run fixed = runFixedRate(groups, sinks, rate, seconds);
            return String.format(Locale.ROOT, "%-16s %12.0f %14.0f %9.2f %9.2f %11.0f (%4d) %9.2f %9.2f %6s",
                    mode, formedMillis, sat.throughput, sat.p50Millis, sat.p99Millis, fixed.throughput, rate,
                    fixed.p50Millis, fixed.p99Millis, sat.sameOrder && fixed.sameOrder ? "same" : "DIFF");
        } finally {
            groups.forEach(Group::close);
        }
    }

    private static Run runSaturation(List<Group> groups, List<Sink> sinks, int perMember) throws Exception {
        sinks.forEach(Sink::reset);
        long begin = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int m = 0; m < groups.size(); m++) {
            Group g = groups.get(m);
            int origin = m;
            Thread th = new Thread(() -> {
                for (int i = 0; i < perMember; i++) {
                    send(g, origin, i);
                }
            });
            senders.add(th);
            th.start();
        }
        for (Thread th : senders) {
            th.join(TimeUnit.MINUTES.toMillis(5));
        }
        return collect(sinks, (long) perMember * groups.size(), begin);
    }

    private static Run runFixedRate(List<Group> groups, List<Sink> sinks, int totalRate, int seconds) throws Exception {
        sinks.forEach(Sink::reset);
        int perMemberRate = Math.max(1, totalRate / groups.size());
        long interval = TimeUnit.SECONDS.toNanos(1) / perMemberRate;
        int perMember = perMemberRate * seconds;
        long begin = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int m = 0; m < groups.size(); m++) {
            Group g = groups.get(m);
            int origin = m;
            Thread th = new Thread(() -> {
                long next = System.nanoTime();
                for (int i = 0; i < perMember; i++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    send(g, origin, i);
                    next += interval;
                }
            });
            senders.add(th);
            th.start();
        }
        for (Thread th : senders) {
            th.join(TimeUnit.MINUTES.toMillis(5));
        }
        return collect(sinks, (long) perMember * groups.size(), begin);
    }

    private static CompletableFuture<Long> send(Group g, int origin, long seq) {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD);
        b.putInt(origin).putLong(seq).putLong(System.nanoTime());
        return g.broadcast(b.array());
    }

    private static Run collect(List<Sink> sinks, long expected, long begin) throws Exception {
        waitUntil(() -> sinks.stream().allMatch(s -> s.delivered >= expected), 300);
        long end = sinks.stream().mapToLong(s -> s.lastDeliveryNanos).max().orElseThrow();
        double worstP50 = 0;
        double worstP99 = 0;
        for (Sink s : sinks) {
            long[] sorted = Arrays.copyOf(s.latencies, Math.min(s.count, s.latencies.length));
            Arrays.sort(sorted);
            worstP50 = Math.max(worstP50, sorted[(int) (sorted.length * 0.50)] / 1e6);
            worstP99 = Math.max(worstP99, sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
        boolean same = sinks.stream().mapToLong(s -> s.hash).distinct().count() == 1;
        return new Run(expected / ((end - begin) / 1e9), worstP50, worstP99, same);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + seconds + " s");
            }
            Thread.sleep(5);
        }
    }
}
