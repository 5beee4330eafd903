package io.jgr.bench;

import io.jgr.perimeter.allowlist.Allowlist;
import io.jgr.perimeter.allowlist.AllowlistGate;
import io.jgr.perimeter.allowlist.CompiledAllowlist;
import io.jgr.perimeter.allowlist.HostResolver;
import io.jgr.perimeter.allowlist.RangeSet;
import io.jgr.perimeter.allowlist.RefusalRegistry;
import java.net.InetAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one allowlist check with n random IPv4 CIDR entries (/16../32), for peers that hit and
 * peers that miss: the compiled {@link RangeSet} (binary search over merged ranges), the whole
 * {@link AllowlistGate#admit} path from an {@link InetAddress}, and a plain linear scan
 * ({@code (peer & mask) == network} per entry) for comparison. No entry is a host name, so no
 * check touches DNS (the gate is given a resolver that fails if asked).
 * Run with {@code bench/allowlist.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AllowlistBench {
    private static final int PEERS = 1024;

    @Param({"10", "1000", "10000"})
    public int entries;

    private RangeSet compiled;
    private AllowlistGate gate;
    private int[] networks;
    private int[] masks;
    private int[] hits;
    private int[] misses;
    private InetAddress[] hitAddresses;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        networks = new int[entries];
        masks = new int[entries];
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < entries; i++) {
            int prefix = 16 + random.nextInt(17);
            int mask = (int) ((0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL);
            int network = random.nextInt() & mask;
            networks[i] = network;
            masks[i] = mask;
            value.append(i == 0 ? "" : ",").append(text(network)).append('/').append(prefix);
        }
        Allowlist list = Allowlist.parse(value.toString());
        CompiledAllowlist compiledList = CompiledAllowlist.compile(list, List::of);
        compiled = compiledList.ranges();
        HostResolver noDns = new HostResolver() {
            @Override
            public List<InetAddress> addressesOf(String host) {
                throw new AssertionError("DNS on the path of an IP entry");
            }

            @Override
            public java.util.Optional<String> nameOf(InetAddress address) {
                throw new AssertionError("DNS on the path of an IP entry");
            }
        };
        gate = new AllowlistGate(compiledList, noDns, new RefusalRegistry(), List::of);
        hits = new int[PEERS];
        misses = new int[PEERS];
        hitAddresses = new InetAddress[PEERS];
        for (int i = 0; i < PEERS; i++) {
            int e = random.nextInt(entries);
            hits[i] = networks[e] | (random.nextInt() & ~masks[e]);
            hitAddresses[i] = InetAddress.getByAddress(bytes(hits[i]));
            int miss;
            do {
                miss = random.nextInt();
            } while (linear(miss) || (miss >>> 24) == 127);
            misses[i] = miss;
        }
        for (int i = 0; i < PEERS; i++) {
            if (!compiled.containsV4(hits[i]) || compiled.containsV4(misses[i]) || !gate.admit(hitAddresses[i])) {
                throw new IllegalStateException("benchmark data disagrees with the matcher");
            }
        }
    }

    private boolean linear(int peer) {
        for (int i = 0; i < networks.length; i++) {
            if ((peer & masks[i]) == networks[i]) {
                return true;
            }
        }
        return false;
    }

    private int nextIndex() {
        next = (next + 1) & (PEERS - 1);
        return next;
    }

    @Benchmark
    public boolean compiledHit() {
        return compiled.containsV4(hits[nextIndex()]);
    }

    @Benchmark
    public boolean compiledMiss() {
        return compiled.containsV4(misses[nextIndex()]);
    }

    @Benchmark
    public boolean gateAdmitHit() {
        return gate.admit(hitAddresses[nextIndex()]);
    }

    @Benchmark
    public boolean linearHit() {
        return linear(hits[nextIndex()]);
    }

    @Benchmark
    public boolean linearMiss() {
        return linear(misses[nextIndex()]);
    }

    private static byte[] bytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static String text(int v) {
        return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }
}
