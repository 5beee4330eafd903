package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.engine.Session;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sessions on one engine: H2's isolation levels as reported, and conflicts as MySQL's errors. */
class IsolationTest {
    @TempDir
    Path dir;

    @Test
    void readCommittedSeesCommittedRowsAndLockWaitsTimeOut() throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session a = f.root(); Session b = f.root()) {
            a.execute("CREATE DATABASE iso");
            a.execute("USE iso");
            b.execute("USE iso");
            a.execute("CREATE TABLE t (id INT PRIMARY KEY, n INT)");
            a.execute("INSERT INTO t VALUES (1, 0), (2, 0)");
            a.execute("BEGIN");
            assertThat(EngineFixture.scalar(a, "SELECT n FROM t WHERE id = 1")).isEqualTo(0L);
            b.execute("UPDATE t SET n = 10 WHERE id = 1");
            assertThat(EngineFixture.scalar(a, "SELECT n FROM t WHERE id = 1")).isEqualTo(10L);
            a.execute("UPDATE t SET n = 11 WHERE id = 1");
            b.execute("BEGIN");
            b.execute("UPDATE t SET n = 20 WHERE id = 2");
            assertThatThrownBy(() -> b.execute("UPDATE t SET n = 12 WHERE id = 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1205))
                    .hasMessage("Lock wait timeout exceeded; try restarting transaction");
            assertThat(b.inTransaction()).isTrue();
            f.committed.clear();
            b.execute("COMMIT");
            a.execute("COMMIT");
            assertThat(f.committed).hasSize(2);
            assertThat(f.committed.get(0).rows()).hasSize(1); // b's first update only
            assertThat(EngineFixture.rows(a.execute("SELECT n FROM t ORDER BY id"))).containsExactly(java.util.List.of(11L), java.util.List.of(20L));
        }
    }

    /**
     * What replication's COMMIT-time snapshot relies on (docs/replication.md, "The invariant"): under READ
     * COMMITTED an UPDATE that waited for a row lock re-reads the version committed meanwhile, and the
     * captured images are that version and the new one — never an after image computed from the old row.
     */
    @Test
    void readCommittedUpdateAfterALockWaitWritesOnTheCommittedVersion() throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session a = f.root(); Session b = f.root()) {
            a.execute("CREATE DATABASE iso");
            a.execute("CREATE TABLE iso.t (id INT PRIMARY KEY, n INT)");
            a.execute("INSERT INTO iso.t VALUES (1, 0)");
            a.execute("BEGIN");
            a.execute("UPDATE iso.t SET n = 10 WHERE id = 1"); // holds the row lock
            f.committed.clear();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread waiting = new Thread(() -> {
                try {
                    b.execute("UPDATE iso.t SET n = n + 1 WHERE id = 1");
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            waiting.start();
            // until b waits for a's row lock (bounded, well below the lock timeout; the outcome must not depend on it)
            for (int i = 0; i < 200 && waiting.getState() != Thread.State.TIMED_WAITING && waiting.getState() != Thread.State.WAITING; i++) {
                Thread.sleep(5);
            }
            a.execute("COMMIT");
            waiting.join(30_000);
            assertThat(failure.get()).isNull();
            assertThat(EngineFixture.scalar(a, "SELECT n FROM iso.t WHERE id = 1")).isEqualTo(11L);
            assertThat(f.committed).hasSize(2);
            var change = f.committed.get(1).rows().get(0);
            assertThat(change.before()[1]).isEqualTo(10);
            assertThat(change.after()[1]).isEqualTo(11);
        }
    }

    @Test
    void repeatableReadIsSnapshotAndAConflictIs1213() throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session a = f.root(); Session b = f.root()) {
            a.execute("CREATE DATABASE iso");
            a.execute("USE iso");
            b.execute("USE iso");
            a.execute("CREATE TABLE t (id INT PRIMARY KEY, n INT)");
            a.execute("INSERT INTO t VALUES (1, 0)");
            a.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            assertThat(EngineFixture.scalar(a, "SELECT @@transaction_isolation")).isEqualTo("REPEATABLE-READ");
            a.execute("BEGIN");
            a.execute("INSERT INTO t VALUES (5, 5)");
            assertThat(EngineFixture.scalar(a, "SELECT n FROM t WHERE id = 1")).isEqualTo(0L);
            b.execute("UPDATE t SET n = 10 WHERE id = 1");
            assertThat(EngineFixture.scalar(a, "SELECT n FROM t WHERE id = 1")).isEqualTo(0L);
            f.committed.clear();
            assertThatThrownBy(() -> a.execute("UPDATE t SET n = n + 1 WHERE id = 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1213))
                    .hasMessage("Deadlock found when trying to get lock; try restarting transaction");
            assertThat(a.inTransaction()).isFalse();
            a.execute("COMMIT");
            assertThat(f.committed).isEmpty(); // the whole transaction, and its captured insert, are gone
            assertThat(EngineFixture.scalar(a, "SELECT COUNT(*) FROM t")).isEqualTo(1L);
        }
    }
}
