package io.jgr.replication;

import io.jgr.server.config.SystemVariables;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.store.H2Engine;
import io.jgr.store.H2Session;
import io.jgr.store.TransactionLogFile;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Removes the oldest files of the transaction log, as MySQL purges binary logs: on PURGE BINARY LOGS, and
 * when binlog_expire_logs_seconds passes (checked at startup and each time the log goes to a new file, as
 * MySQL does). Also sets the files' size (max_binlog_size). docs/transaction-log.md, "Files and purging".
 *
 * <p>The index rows of the purged files go first, as one GTID prefix: the highest GTID they held is
 * recorded as purged ({@link TransactionLog#last} still counts it, so a restarted member knows where it
 * stands), then the rows go in chunks, then the files. A crash in between leaves rows or files that the
 * next purge removes; it never leaves an index row without its file, except for a donor reading while the
 * file goes, which then fails its read (the joiner tries another donor, as for any GTID a donor lacks).
 */
public final class TransactionLogPurge implements AutoCloseable {
    /** Index rows deleted per H2 transaction: a purge of millions of rows holds no huge undo log. */
    static final int DELETE_CHUNK = 10_000;

    private final TransactionLogFile file;
    private final SystemVariables vars;
    private final H2Session session;
    private final ExecutorService expiry = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jgr-txlog-expiry");
        t.setDaemon(true);
        return t;
    });

    private TransactionLogPurge(H2Engine engine, SystemVariables vars) throws SQLException {
        this.file = engine.transactionLogFile();
        this.vars = vars;
        this.session = engine.openApplierSession();
        TransactionLog.createTables(session.connection());
    }

    /** Takes over the member's log: its file size, its expiry (checked now, then at each new file). */
    public static TransactionLogPurge install(H2Engine engine, SystemVariables vars) throws SQLException {
        TransactionLogPurge purge = new TransactionLogPurge(engine, vars);
        purge.file.rotateAt(() -> vars.globalValue("max_binlog_size") instanceof Long l ? l : Long.MAX_VALUE,
                purge::expireSoon);
        purge.showPurged();
        purge.expireSoon();
        return purge;
    }

    /** The log's files, oldest first. */
    public List<TransactionLogFile.LogFile> files() throws IOException {
        return file.files();
    }

    /** The file appends go to now: never purged. */
    public int currentFile() {
        return file.currentFile();
    }

    /** binlog_expire_logs_seconds, off the appending thread. */
    private void expireSoon() {
        try {
            expiry.execute(this::expire);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the member is shutting down
        }
    }

    private void expire() {
        long seconds = vars.globalValue("binlog_expire_logs_seconds") instanceof Long l ? l : 0;
        if (seconds <= 0) {
            return;
        }
        try {
            purgeBefore(Instant.now().minusSeconds(seconds));
        } catch (SQLException | IOException | RuntimeException e) {
            ErrorLog.write(LogLevel.WARNING, "MY-010000", "Server", "Could not purge expired transaction log files: " + e.getMessage());
        }
    }

    /** PURGE BINARY LOGS BEFORE: the files, from the oldest, last written before {@code time}; never the current one. */
    public synchronized List<String> purgeBefore(Instant time) throws SQLException, IOException {
        int upTo = file.currentFile();
        for (TransactionLogFile.LogFile f : file.files()) {
            if (f.number() >= upTo || !f.modified().toInstant().isBefore(time)) {
                upTo = f.number();
                break;
            }
        }
        return purgeTo(upTo);
    }

    /** PURGE BINARY LOGS TO: every file before file {@code number} (at most up to the current one). */
    public synchronized List<String> purgeTo(int number) throws SQLException, IOException {
        int to = Math.min(number, file.currentFile());
        List<TransactionLogFile.LogFile> files = file.files();
        if (files.isEmpty() || to <= files.get(0).number()) {
            return List.of(); // nothing before it: no scan of the index (expiry asks at every new file)
        }
        Connection c = session.connection();
        long through = TransactionLog.highestBelow(c, TransactionLogFile.startOf(to));
        if (through > 0) {
            TransactionLog.recordPurged(c, through);
            c.commit();
            long chunks = through / DELETE_CHUNK + 2; // the rows are at most GTIDs 1..through
            for (long i = 0; i < chunks && TransactionLog.deleteThrough(c, through, DELETE_CHUNK) > 0; i++) {
                c.commit();
            }
            c.commit();
        }
        List<String> deleted = file.purgeBefore(to);
        showPurged();
        return deleted;
    }

    /** @@gtid_purged: the group's GTIDs this member no longer holds in its log (when the group's name is known). */
    private void showPurged() throws SQLException {
        long through = TransactionLog.purgedThrough(session.connection());
        String group = vars.globalText("group_replication_group_name");
        if (through > 0 && group != null && !group.isEmpty()) {
            try {
                vars.setInternal("gtid_purged", Gtids.executed(UUID.fromString(group), through));
            } catch (IllegalArgumentException notAUuid) {
                // an invalid group name: START refuses it, and nothing was logged under it
            }
        }
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        try {
            expiry.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }
}
