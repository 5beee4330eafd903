package io.jgr.bench;

import io.jgr.gcs.TestMembers;
import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end distributed recovery with real member processes: a donor holding a large gap (rows of
 * {@code payload} bytes, {@code rowsPerTx} per transaction), a joiner with stored credentials over recovery
 * TLS (CA + identity check) START GROUP_REPLICATION → ONLINE. Prints the transfer+apply rate from the
 * joiner's "Distributed recovery finished" line and START → ONLINE wall time. Args: [transactions=2000]
 * [rowsPerTx=10] [payload=4000].
 */
public final class RecoveryProcessBench {
    private static final Pattern FINISHED = Pattern.compile("Distributed recovery finished: (\\d+) transactions \\((\\d+) bytes\\).* in (\\d+) ms");

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rowsPerTx = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int payload = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
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
                        .jvmOption("-Xmx1g");
                String jfr = System.getProperty("jgr.bench.jfr");
                if (jfr != null) { // a profile of each member: -Djgr.bench.jfr=/tmp/dir
                    ms.get(i).jvmOption("-XX:StartFlightRecording=filename=" + jfr + "/member" + (i + 1) + ".jfr,settings=profile");
                }
                ms.get(i).start();
            }
            MemberProcess donor = ms.get(0);
            MemberProcess joiner = ms.get(1);
            String filler = "x".repeat(payload);
            try (Connection c = donor.connectRoot(); Statement s = c.createStatement()) {
                s.execute("START GROUP_REPLICATION");
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v TEXT)");
                s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'Bench-Rpl-1' REQUIRE SSL");
                s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
                long t0 = System.nanoTime();
                int id = 0;
                for (int t = 0; t < transactions; t++) {
                    StringBuilder sql = new StringBuilder("INSERT INTO app.t VALUES ");
                    for (int r = 0; r < rowsPerTx; r++) {
                        sql.append(r == 0 ? "" : ",").append('(').append(++id).append(",'").append(filler).append("')");
                    }
                    s.execute(sql.toString());
                }
                System.out.printf("loaded %d transactions (%d rows of %d B) on the donor in %.1f s%n", transactions, id, payload,
                        (System.nanoTime() - t0) / 1e9);
            }
            try (Connection c = joiner.connectRoot(); Statement s = c.createStatement()) {
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='Bench-Rpl-1' FOR CHANNEL 'group_replication_recovery'");
                long t0 = System.nanoTime();
                s.execute("START GROUP_REPLICATION");
                long deadline = System.nanoTime() + 600_000_000_000L;
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = s.executeQuery("SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@server_uuid")) {
                        rs.next();
                        String st = rs.getString(1);
                        if ("ONLINE".equals(st) || "ERROR".equals(st)) {
                            System.out.printf("joiner %s after %.2f s (START → ONLINE)%n", st, (System.nanoTime() - t0) / 1e9);
                            break;
                        }
                    }
                    Thread.sleep(100);
                }
            }
            String jfr = System.getProperty("jgr.bench.jfr");
            for (int i = 0; jfr != null && i < 2; i++) { // the members are killed at the end: dump their recordings now
                new ProcessBuilder("jcmd", Long.toString(ms.get(i).pid()), "JFR.dump", "filename=" + jfr + "/member" + (i + 1) + ".jfr")
                        .inheritIO().start().waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            for (String line : joiner.errorLogLines()) {
                Matcher m = FINISHED.matcher(line);
                if (m.find()) {
                    long tx = Long.parseLong(m.group(1));
                    long bytes = Long.parseLong(m.group(2));
                    double s = Long.parseLong(m.group(3)) / 1000.0;
                    System.out.printf("recovery (transfer + apply, TLS): %d transactions, %.1f MB in %.2f s: %.1f MB/s, %.0f transactions/s%n",
                            tx, bytes / 1e6, s, bytes / 1e6 / s, tx / s);
                }
            }
        }
    }
}
