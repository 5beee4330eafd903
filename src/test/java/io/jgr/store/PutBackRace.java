package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.api.Trigger;
import org.h2.mvstore.MVStore;

/**
 * Puts a writer between the two put-backs H2 2.4.240 makes of a rolled-back row when a store of the
 * file comes between them ({@link RollbackFence}). A ROLLBACK trigger runs on the rolling-back thread
 * right after the first put-back of row 1: there another connection updates the indexed column
 * {@code k} of that row, and the file is stored. A second put-back would then write the old row over
 * the writer's change, whose index entry stays.
 */
final class PutBackRace {
    static final long WAIT_S = 10;

    /** Runs {@link #action} once, on the first rollback of a change to row 1. */
    public static final class BetweenPutBacks implements Trigger {
        static volatile Runnable action;

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
            Runnable a = action;
            if (a != null && newRow != null && ((Number) newRow[0]).intValue() == 1) {
                action = null;
                a.run();
            }
        }
    }

    /** The writer; it commits when told. */
    static final class Writer {
        private final CountDownLatch commit = new CountDownLatch(1);
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        void commit() throws Exception {
            commit.countDown();
            done.get(WAIT_S, TimeUnit.SECONDS);
        }
    }

    private PutBackRace() {
    }

    /** The trigger on {@code table} (columns id, k, ...), through a plain H2 connection. */
    static void install(Connection h2, String table) throws SQLException {
        try (Statement s = h2.createStatement()) {
            s.execute("CREATE TRIGGER between_put_backs AFTER UPDATE, ROLLBACK ON " + table + " FOR EACH ROW CALL '"
                    + BetweenPutBacks.class.getName() + "'");
        }
    }

    static void disarm() {
        BetweenPutBacks.action = null;
    }

    /** At the next rollback of row 1 of {@code table}, {@code writer} runs {@code k = k + 1} on it and the file is stored. */
    static Writer arm(Connection writer, String table, MVStore store) {
        Writer w = new Writer();
        CountDownLatch written = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                update(writer, "UPDATE " + table + " SET k = k + 1 WHERE id = 1");
                written.countDown();
                w.commit.await(WAIT_S, TimeUnit.SECONDS);
                writer.commit();
                w.done.complete(null);
            } catch (Exception e) {
                w.done.completeExceptionally(e);
            }
        }, "writer-between-put-backs");
        BetweenPutBacks.action = () -> {
            t.start();
            try {
                assertThat(written.await(WAIT_S, TimeUnit.SECONDS)).as("the writer updated row 1").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.commit(); // moves every map's root, the undo log's too, unless the stores are held off
        };
        return w;
    }

    static Void update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
        return null;
    }

    /** Until some session waits for a row lock. */
    static void awaitAnyBlocked(Connection h2) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (System.nanoTime() < deadline) {
            try (Statement s = h2.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL AND BLOCKER_ID <> 0")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no session waited for a row lock");
    }

    /** k of row 1, read by primary key. */
    static int kInRow(Connection h2, String table) throws SQLException {
        return scalar(h2, "SELECT k FROM " + table + " WHERE id = 1");
    }

    /** k of row 1 through the index {@code index} on k alone (it covers k and the row key). */
    static int kInIndex(Connection h2, String table, String index) throws SQLException {
        return scalar(h2, "SELECT k FROM " + table + " USE INDEX (" + index + ") WHERE k >= 0 AND id = 1");
    }

    private static int scalar(Connection h2, String sql) throws SQLException {
        try (Statement s = h2.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getInt(1);
        }
    }
}
