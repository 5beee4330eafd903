package io.jgr.bench;

import io.jgr.replication.GroupMessage;
import io.jgr.replication.MessageCodec;
import io.jgr.replication.RecoveryApplier;
import io.jgr.replication.Replicator;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2Engine;
import io.jgr.store.H2FileWrites;
import io.jgr.store.capture.RowChange;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The joiner's apply path alone (no donor, no TLS): {@link RecoveryApplier} into a fresh H2 engine with
 * the member's settings (WRITE_DELAY 0), fed with generated transactions as fast as it takes them.
 * Shows what applying costs per byte and per transaction, apart from the transfer, and the applying
 * thread's own CPU per MB (comparable with a member's, which {@code recovery-process.sh} shows from /proc).
 * Args: [transactions=2000] [rows-per-transaction=10] [row-bytes=4000] [runs=2]; JVM options
 * {@code -Djgr.bench.lazy=true}, {@code -Djgr.bench.mediumtext=true} (below).
 */
public final class RecoveryApplyBench {

    private static final UUID ORIGIN = UUID.randomUUID();
    /** -Djgr.bench.mediumtext=true: rows (INT id, MEDIUMTEXT c) as recovery-process.sh's large rows, not sysbench's shape. */
    private static final boolean MEDIUMTEXT = Boolean.getBoolean("jgr.bench.mediumtext");

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rowsPerTx = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rowBytes = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        // -Djgr.bench.lazy=true: encode each transaction just before handing it over (as the joiner's reading thread
        // decodes it), so that the bench fits a member-sized heap (-Xmx256m); else all are encoded before the clock
        boolean lazy = Boolean.getBoolean("jgr.bench.lazy");
        List<byte[]> payloads = lazy ? List.of() : payloads(0, transactions, rowsPerTx, rowBytes);
        long bytes = lazy ? 0 : payloads.stream().mapToLong(p -> p.length).sum();
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("jgr-apply-bench");
            SystemVariables vars = SystemVariables.standard();
            try (H2Engine engine = H2Engine.open(dir, vars, H2Engine.Options.defaults().withRootPassword("Bench-1"))) {
                try (Session s = root(engine)) {
                    s.execute("CREATE DATABASE app");
                    s.execute(MEDIUMTEXT ? "CREATE TABLE app.t (id INT PRIMARY KEY, c MEDIUMTEXT)"
                            : "CREATE TABLE app.t (id INT PRIMARY KEY, k INT, c VARCHAR(" + Math.max(120, rowBytes) + "), pad TEXT)");
                }
                try (Replicator r = new Replicator(engine, vars, UUID.randomUUID(), UUID.randomUUID())) {
                    r.holdForRecovery();
                    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                    long cpu0 = os.getProcessCpuTime();
                    long written0 = H2FileWrites.bytesWritten(engine);
                    long t0 = System.nanoTime();
                    long commits;
                    ApplyingThreadCpu applierCpu = ApplyingThreadCpu.watch();
                    try (RecoveryApplier a = r.recoveryApplier()) {
                        long n = 0;
                        if (lazy) {
                            bytes = 0;
                            for (int t = 0; t < transactions; t++) {
                                byte[] p = payloads(t, 1, rowsPerTx, rowBytes).get(0);
                                bytes += p.length;
                                a.accept(++n, p);
                            }
                        }
                        for (byte[] p : payloads) {
                            a.accept(++n, p);
                        }
                        a.finish();
                        commits = a.commits();
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("apply only, run %d: %d transactions × %d rows × %d B, %.1f MB in %.2f s: %.1f MB/s, %.0f transactions/s, "
                                    + "%.0f rows/s, %d commits, %.2f bytes written to H2's file per payload byte (load average %.1f; process CPU %.2f s, "
                                    + "the applying thread's %.2f s: %.2f ms per MB)%n",
                            run, transactions, rowsPerTx, rowBytes, bytes / 1e6, s, bytes / 1e6 / s, transactions / s,
                            (double) transactions * rowsPerTx / s, commits, (H2FileWrites.bytesWritten(engine) - written0) / (double) bytes, load,
                            (os.getProcessCpuTime() - cpu0) / 1e9, applierCpu.seconds(), applierCpu.seconds() * 1e3 / (bytes / 1e6));
                }
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** Transactions {@code first}.. of inserts of rows shaped like sysbench's (id, k, c, pad) with {@code rowBytes} of text. */
    static List<byte[]> payloads(int first, int transactions, int rowsPerTx, int rowBytes) {
        List<byte[]> out = new ArrayList<>(transactions);
        List<String> columns = List.of("id", "k", "c", "pad");
        int id = first * rowsPerTx;
        for (int t = first; t < first + transactions; t++) {
            List<RowChange> rows = new ArrayList<>(rowsPerTx);
            for (int i = 0; i < rowsPerTx; i++) {
                id++;
                rows.add(MEDIUMTEXT
                        ? new RowChange("app", "t", RowChange.Kind.INSERT, List.of("id", "c"), new int[] {0}, null, new Object[] {id, text(id, rowBytes)})
                        : new RowChange("app", "t", RowChange.Kind.INSERT, columns, new int[] {0}, null,
                                new Object[] {id, id % 1000, text(id, Math.max(1, rowBytes - 60)), text(id * 7, 59)}));
            }
            out.add(MessageCodec.encode(new GroupMessage.Transaction(ORIGIN, t, 0, new long[] {id}, rows, null, null)));
        }
        return out;
    }

    /** Varied text (no two rows alike), like sysbench's random groups of digits. */
    static String text(long seed, int length) {
        StringBuilder sb = new StringBuilder(length);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        while (sb.length() < length) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(Long.toUnsignedString(x & 0xFFFFFFFFFFL)).append('-');
        }
        sb.setLength(length);
        return sb.toString();
    }

    static Session root(H2Engine engine) throws Exception {
        Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
        return engine.openSession(new ConnectionInfo(1, root, InetAddress.getLoopbackAddress(), null, null, null));
    }

    /** The applying thread's CPU time, polled while it lives (it ends with the applier; within one poll period). */
    private static final class ApplyingThreadCpu {
        private volatile long nanos;
        private volatile boolean stopped;

        static ApplyingThreadCpu watch() {
            ApplyingThreadCpu w = new ApplyingThreadCpu();
            Thread t = new Thread(w::poll, "bench-cpu-poll");
            t.setDaemon(true);
            t.start();
            return w;
        }

        private void poll() {
            java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 100_000 && !stopped; i++) { // bounded: 100,000 polls of 20 ms
                for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                    if (info != null && info.getThreadName().startsWith("jgr-recovery-ap")) {
                        long n = mx.getThreadCpuTime(info.getThreadId());
                        if (n > nanos) {
                            nanos = n;
                        }
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Stops the polling; the applier has finished. */
        double seconds() {
            stopped = true;
            return nanos / 1e9;
        }
    }
}
