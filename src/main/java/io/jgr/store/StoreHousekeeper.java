package io.jgr.store;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;

/**
 * Reclaims the space of the member's database file while it takes commits.
 *
 * <p>Every H2 commit writes a new chunk at the end of the file. H2 reclaims chunks on its background
 * writer thread: it rewrites the live pages of mostly-dead chunks, and it frees dead chunks once they
 * are older than its retention time (45 s). {@code WRITE_DELAY=0}, which jgr needs so that a
 * {@code kill -9} keeps every commit, turns that thread off. Without this class, a member grows its
 * file by every commit it makes: 4.9 GB in 40 s for one member under sysbench {@code oltp_write_only}.
 *
 * <p>This thread does H2's chunk rewriting every {@link #INTERVAL_MS}, syncs the file once a second,
 * and lets dead chunks be reused after {@link #RETENTION_MS} instead of 45 s. H2's retention rests on
 * one assumption: what was written longer ago than the retention time is on disk, so a chunk that old
 * may be overwritten and a power loss still finds the older version intact. H2 took 45 s as a bound
 * on how long an OS keeps writes buffered. With a sync at least every second or so, two seconds keep
 * that assumption. Commits still do not wait for a sync, so a power loss can take about the last
 * second of commits (docs/sql-engine.md, "Durability and file space"); a {@code kill -9} takes none.
 */
final class StoreHousekeeper implements AutoCloseable {
    static final long INTERVAL_MS = 200;
    static final int RETENTION_MS = 2_000;
    /** Chunks less full than this are rewritten (H2's own threshold under load: 90 % × 90 %). */
    static final int TARGET_FILL_RATE = 81;
    /**
     * At most this much is rewritten per pass. The file's space comes back mostly from chunks that died whole; what
     * compaction moves is long-lived pages (the transaction log's index above all), which the next store writes once
     * more and a later pass may move again. 256 KiB (1.25 MB/s, far more than the long-lived data a member adds) took
     * a third of the housekeeper's CPU that 4 MiB did under sysbench; the members' files levelled off at 50-70 MB
     * instead of 30-50 (docs/replication.md, session 31).
     */
    static final int REWRITE_BYTES = 256 << 10;
    private static final long SYNC_EVERY_MS = 1_000;

    private final MVStore store;
    private final TransactionLogFile logFile;
    private final ScheduledExecutorService scheduler;
    private long lastSync = System.nanoTime();

    private StoreHousekeeper(MVStore store, TransactionLogFile logFile, String name) {
        this.store = store;
        this.logFile = logFile;
        store.setRetentionTime(RETENTION_MS);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts housekeeping for the embedded database behind {@code connection}; {@code logFile}, the
     * transaction log's payloads, is synced just before the database file each time.
     */
    static StoreHousekeeper start(Connection connection, TransactionLogFile logFile, String name) throws SQLException {
        StoreHousekeeper h = new StoreHousekeeper(GroupCommit.mvStore(connection), logFile, name);
        h.scheduler.scheduleWithFixedDelay(h::pass, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
        return h;
    }

    private void pass() {
        if (store.isClosed()) {
            return;
        }
        try {
            store.compact(TARGET_FILL_RATE, REWRITE_BYTES);
            if (System.nanoTime() - lastSync >= SYNC_EVERY_MS * 1_000_000) {
                logFile.force();
                store.sync();
                lastSync = System.nanoTime();
            }
        } catch (RuntimeException | java.io.IOException e) {
            if (!store.isClosed()) {
                ErrorLog.write(LogLevel.WARNING, "MY-010000", "Server", "Housekeeping of the database file failed: " + e);
            }
        }
    }

    /** Stops the thread; the caller closes the database afterwards. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
