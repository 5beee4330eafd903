package io.jgr.bench;

import io.jgr.replication.TransactionLog;
import io.jgr.store.TransactionLogFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * What the transaction log's index row costs a commit: N commits on one connection of a file H2 database
 * with {@code WRITE_DELAY=0} (every commit stores, as a lone commit does on a member), each updating one
 * of 10,000 rows and logging a 400-byte payload, either as the replicator does ({@code row}: the payload to
 * the file, the index row in the commit) or to the file only ({@code file}: the floor without any log SQL).
 * Prints the process's CPU per commit (every thread: H2 may store on its own) and H2's bytes written per
 * commit, over a second pass after a first that warms up. Run by bench/txlog-commit.sh, one JVM per pass.
 * Usage: TransactionLogCommitBench row|file [commits]
 */
public final class TransactionLogCommitBench {
    public static void main(String[] args) throws Exception {
        boolean row = args[0].equals("row");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        Path dir = Files.createTempDirectory("jgr-txlog-bench");
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0";
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Connection writer = DriverManager.getConnection(url); Connection reader = DriverManager.getConnection(url);
                TransactionLogFile file = new TransactionLogFile(dir.resolve("log"))) {
            writer.setAutoCommit(false);
            reader.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.execute("CREATE SCHEMA jgr_internal");
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(120))");
                s.execute("INSERT INTO t SELECT X, 0, 'x' FROM SYSTEM_RANGE(0, 9999)");
            }
            writer.commit();
            TransactionLog log = new TransactionLog(reader, file);
            byte[] payload = new byte[400];
            Random random = new Random(1);
            for (int pass = 0; pass < 2; pass++) {
                long bytes = bytesWritten(writer);
                long cpu = os.getProcessCpuTime();
                try (PreparedStatement ps = writer.prepareStatement("UPDATE t SET k = k + 1 WHERE id = ?")) {
                    for (int i = 1; i <= n; i++) {
                        long gtid = (long) pass * n + i;
                        ps.setInt(1, random.nextInt(10_000));
                        ps.executeUpdate();
                        if (row) {
                            log.append(writer, gtid, gtid, payload);
                        } else {
                            file.append(gtid, payload);
                        }
                        writer.commit();
                    }
                }
                if (pass == 1) {
                    System.out.printf("%s %.1f us CPU per commit, %.0f H2 bytes written per commit%n", args[0],
                            (os.getProcessCpuTime() - cpu) / 1000.0 / n, (bytesWritten(writer) - bytes) * 1.0 / n);
                }
            }
        }
    }

    private static long bytesWritten(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_WRITE_BYTES'")) {
            return rs.next() ? Long.parseLong(rs.getString(1)) : -1;
        }
    }
}
