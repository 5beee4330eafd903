package io.jgr.bench;

import io.jgr.gcs.TestMembers;
import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end distributed recovery with real member processes: two {@code jgr server} JVMs on 127.0.0.1/2,
 * the recovery channel as the seed configures it (recovery_use_ssl=ON, the CA, verify_server_cert=ON, a
 * REQUIRE SSL account with REPLICATION SLAVE), each member with a fixed, pre-touched heap of 1 GB. Two gaps, one after the other, each recovered by a START
 * GROUP_REPLICATION of the joiner: small sysbench-like rows (id, k, c CHAR(120), pad CHAR(60): about 200 B),
 * then large rows (TEXT of {@code largeRowBytes}). For each it prints the rate of transfer + apply (the
 * joiner's "Distributed recovery finished" line: from connecting to the donor to the last transaction
 * committed), START → ONLINE, the joiner's CPU seconds over the recovery, the bytes it wrote per byte
 * received, the load average, and the rate by tenth of the transfer (a cold JVM's warm-up shows there).
 * Args: [small-transactions=10000] [large-transactions=1000] [large-row-bytes=32768]. JVM options (through
 * JGR_BENCH_JAVA_OPTS): {@code -Djgr.bench.largeRounds=N} (default 2) recovers N large gaps in turn into the same joiner
 * (the first cold, the others warm); {@code -Djgr.bench.memberJavaOpts=a,b} and
 * {@code -Djgr.bench.joinerJavaOpts=a,b} add options to both members' JVMs or the joiner's only;
 * {@code -Djgr.bench.jfr=dir} records each member with JFR; {@code -Djgr.bench.largeType=LONGTEXT} changes the large
 * rows' column type.
 */
public final class RecoveryProcessBench {
    private static final Pattern PROGRESS = Pattern.compile("Distributed recovery (?:progress: \\d+ of \\d+ transactions, |finished: \\d+ transactions \\()(\\d+)");
    private static final Pattern FINISHED = Pattern.compile("Distributed recovery finished: (\\d+) transactions \\((\\d+) bytes\\).* in (\\d+) ms");
    private static final int SMALL_ROWS_PER_TX = 10;
    private static final int LARGE_ROWS_PER_TX = 4;
    /** -Djgr.bench.largeType=LONGTEXT: the large rows' column type (MEDIUMTEXT by default). */
    private static final String LARGE_TYPE = System.getProperty("jgr.bench.largeType", "MEDIUMTEXT");

    public static void main(String[] args) throws Exception {
        int smallTx = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int largeTx = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int largeBytes = args.length > 2 ? Integer.parseInt(args[2]) : 32_768;
        String group = UUID.randomUUID().toString();
        try (Cluster cluster = Cluster.create(2)) {
            List<MemberProcess> ms = cluster.members();
            String[] addr = {ms.get(0).ip() + ":" + TestMembers.freePort(), ms.get(1).ip() + ":" + TestMembers.freePort()};
            for (int i = 0; i < 2; i++) {
                ms.get(i).option("plugin_load_add", "group_replication.so")
                        .option("group_replication_group_name", group)
                        .option("group_replication_local_address", addr[i])
                        .option("group_replication_group_seeds", addr[0] + "," + addr[1])
                        .option("group_replication_bootstrap_group", i == 0 ? "ON" : "OFF")
                        .option("group_replication_start_on_boot", "OFF")
                        .option("group_replication_recovery_use_ssl", "ON")
                        .option("group_replication_recovery_ssl_ca", cluster.pki().caPem().toString())
                        .option("group_replication_recovery_ssl_verify_server_cert", "ON")
                        .jvmOption("-Xmx1g")
                        // as a database JVM is run in production: the whole heap reserved and touched at start.
                        // This VM charges ~2.5 ms of kernel time per MB of memory touched the first time, which a
                        // growing heap otherwise pays inside its collections (docs/recovery.md, "Session 11")
                        .jvmOption("-Xms1g").jvmOption("-XX:+AlwaysPreTouch");
                String joinerOnly = i == 1 ? System.getProperty("jgr.bench.joinerJavaOpts", "") : "";
                for (String o : (System.getProperty("jgr.bench.memberJavaOpts", "") + "," + joinerOnly).split(",")) {
                    if (!o.isEmpty()) {
                        ms.get(i).jvmOption(o);
                    }
                }
                String jfr = System.getProperty("jgr.bench.jfr");
                if (jfr != null) { // a profile of each member: -Djgr.bench.jfr=/tmp/dir
                    ms.get(i).jvmOption("-XX:StartFlightRecording=filename=" + jfr + "/member" + (i + 1) + ".jfr,settings=profile");
                }
                ms.get(i).start();
            }
            MemberProcess donor = ms.get(0);
            MemberProcess joiner = ms.get(1);
            try (Connection c = donor.connectRoot(); Statement s = c.createStatement()) {
                s.execute("START GROUP_REPLICATION");
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.sb (id INT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL)");
                s.execute("CREATE TABLE app.big (id INT PRIMARY KEY, v " + LARGE_TYPE + ")");
                s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'Bench-Rpl-1' REQUIRE SSL");
                s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
            }
            try (Connection c = joiner.connectRoot(); Statement s = c.createStatement()) {
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='Bench-Rpl-1' FOR CHANNEL 'group_replication_recovery'");
            }
            String small = "small rows (sysbench-like: INT id, INT k, CHAR(120) c, CHAR(60) pad ≈ 200 B; " + SMALL_ROWS_PER_TX
                    + " inserted rows per transaction)";
            load(donor, 0, smallTx, SMALL_ROWS_PER_TX, (id, sql) -> sql.append('(').append(id).append(',').append(id % 10_007)
                    .append(",'").append(digits(id, 119)).append("','").append(digits(id * 31L, 59)).append("')"), "sb", small);
            recover(joiner, small);
            try (Connection c = joiner.connectRoot(); Statement s = c.createStatement()) {
                s.execute("STOP GROUP_REPLICATION");
            }
            String large = "large rows (INT id, " + LARGE_TYPE + " of " + largeBytes + " B; " + LARGE_ROWS_PER_TX + " inserted rows per transaction)";
            // -Djgr.bench.largeRounds=N: N large gaps one after another into the same joiner; the first meets a cold
            // JVM (its JIT compiles the apply path during the transfer), the later ones a warm one
            int rounds = Integer.getInteger("jgr.bench.largeRounds", 2);
            for (int round = 1; round <= rounds; round++) {
                if (round > 1) {
                    try (Connection c = joiner.connectRoot(); Statement s = c.createStatement()) {
                        s.execute("STOP GROUP_REPLICATION");
                    }
                }
                String shape = rounds == 1 ? large : large + ", gap " + round + " of " + rounds + (round == 1 ? " (cold joiner)" : " (warm joiner)");
                load(donor, (round - 1L) * largeTx * LARGE_ROWS_PER_TX, largeTx, LARGE_ROWS_PER_TX, (id, sql) -> sql.append('(').append(id)
                        .append(",'").append(digits(id, largeBytes)).append("')"), "big", shape);
                recover(joiner, shape);
            }
            String jfr = System.getProperty("jgr.bench.jfr");
            for (int i = 0; jfr != null && i < 2; i++) { // the members are killed at the end: dump their recordings now
                new ProcessBuilder("jcmd", Long.toString(ms.get(i).pid()), "JFR.dump", "filename=" + jfr + "/member" + (i + 1) + ".jfr")
                        .inheritIO().start().waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    interface Row {
        void append(long id, StringBuilder sql);
    }

    private static void load(MemberProcess donor, long firstId, int transactions, int rowsPerTx, Row row, String table, String shape)
            throws Exception {
        try (Connection c = donor.connectRoot(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            long id = firstId;
            for (int t = 0; t < transactions; t++) {
                StringBuilder sql = new StringBuilder("INSERT INTO app.").append(table).append(" VALUES ");
                for (int r = 0; r < rowsPerTx; r++) {
                    if (r > 0) {
                        sql.append(',');
                    }
                    row.append(++id, sql);
                }
                s.execute(sql.toString());
            }
            System.out.printf("%s: the donor committed %d transactions (%d rows) in %.1f s%n", shape, transactions, id - firstId,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void recover(MemberProcess joiner, String shape) throws Exception {
        int before = joiner.errorLogLines().size();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long cpu0 = cpuTicks(joiner.pid());
        long written0 = bytesWritten(joiner.pid());
        String outcome = "not ONLINE within 600 s";
        try (Connection c = joiner.connectRoot(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            s.execute("START GROUP_REPLICATION");
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@server_uuid")) {
                    rs.next();
                    String st = rs.getString(1);
                    if ("ONLINE".equals(st) || "ERROR".equals(st)) {
                        outcome = String.format("%s %.2f s after START", st, (System.nanoTime() - t0) / 1e9);
                        break;
                    }
                }
                Thread.sleep(100);
            }
        }
        double cpu = (cpuTicks(joiner.pid()) - cpu0) / 100.0;
        long written = bytesWritten(joiner.pid()) - written0;
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<String> lines = joiner.errorLogLines();
        List<String> recovery = lines.subList(before, lines.size());
        for (String line : recovery) {
            Matcher m = FINISHED.matcher(line);
            if (m.find()) {
                long tx = Long.parseLong(m.group(1));
                long bytes = Long.parseLong(m.group(2));
                double s = Long.parseLong(m.group(3)) / 1000.0;
                System.out.printf("%s%n  end to end (TLS transfer + apply into H2, member processes): %d transactions, %.1f MB in %.2f s:"
                                + " %.1f MB/s, %.0f transactions/s; joiner %s; joiner CPU %.1f s, %.2f bytes written per byte received;"
                                + " load average %.1f → %.1f (2 cores)%n",
                        shape, tx, bytes / 1e6, s, bytes / 1e6 / s, tx / s, outcome, cpu, written / (double) bytes, load, loadAfter);
                System.out.println("  MB/s by tenth of the transfer (the joiner's progress lines; warm-up first): " + ratesByTenth(recovery));
                return;
            }
        }
        System.out.printf("%s%n  no 'Distributed recovery finished' line; joiner %s%n", shape, outcome);
    }

    /**
     * The rate between consecutive "Distributed recovery will transfer / progress / finished" lines of the
     * joiner, by their timestamps: how the rate moves from a cold JVM to a warm one. The progress lines
     * count what was received, which runs at most the applier's queue (48 MB) ahead of what is applied.
     */
    private static String ratesByTenth(List<String> lines) {
        StringBuilder out = new StringBuilder();
        Instant at = null;
        long done = 0;
        for (String line : lines) {
            Matcher m = PROGRESS.matcher(line);
            if (line.contains("Distributed recovery will transfer")) {
                at = Instant.parse(line.substring(0, line.indexOf(' ')));
                done = 0;
            } else if (m.find() && at != null) {
                Instant now = Instant.parse(line.substring(0, line.indexOf(' ')));
                long bytes = Long.parseLong(m.group(1));
                double s = Duration.between(at, now).toNanos() / 1e9;
                out.append(out.length() == 0 ? "" : ", ").append(s > 0 ? String.format("%.0f", (bytes - done) / 1e6 / s) : "-");
                at = now;
                done = bytes;
            }
        }
        return out.toString();
    }

    /** User + system CPU of a process in clock ticks (1/100 s), from /proc. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Bytes a process has written (to files and sockets), from /proc; 0 where it cannot be read. */
    private static long bytesWritten(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not ours
        }
        return 0;
    }

    /** Varied digits (no two rows alike), like sysbench's c and pad. */
    static String digits(long seed, int length) {
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
}
