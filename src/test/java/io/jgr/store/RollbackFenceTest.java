package io.jgr.store;

import static io.jgr.store.PutBackRace.WAIT_S;
import static io.jgr.store.PutBackRace.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer between the two put-backs of a rolled-back row ({@link PutBackRace}) keeps its change when
 * the rollback is fenced, on H2 alone; {@code SessionRollbackFenceTest} does it through jgr's sessions.
 */
class RollbackFenceTest {
    @TempDir
    Path dir;
    private String url;
    private Connection admin;

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:h2:" + dir.resolve("db") + ";WRITE_DELAY=0;LOCK_TIMEOUT=" + WAIT_S * 1000
                + ";DATABASE_EVENT_LISTENER='" + RollbackFence.Listener.class.getName() + "'";
        admin = DriverManager.getConnection(url);
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(20))");
            s.execute("CREATE INDEX t_k ON t(k)");
            s.execute("INSERT INTO t VALUES (1, 0, 'x'), (2, 0, 'x')");
        }
        PutBackRace.install(admin, "t");
    }

    @AfterEach
    void close() throws SQLException {
        PutBackRace.disarm();
        admin.close();
    }

    @Test
    void withoutTheFenceH2LosesTheWritersChange() throws Exception {
        try (Connection rollingBack = connection(); Connection writer = connection()) {
            update(rollingBack, "UPDATE t SET c = 'r' WHERE id = 1");
            PutBackRace.Writer w = PutBackRace.arm(writer, "t", GroupCommit.mvStore(admin));
            rollingBack.rollback();
            w.commit();
        }
        // H2's defect as this test provokes it: should a newer H2 keep the change, the fence may go
        assertThat(PutBackRace.kInRow(admin, "t")).as("k of row 1, read by primary key").isZero();
        assertThat(PutBackRace.kInIndex(admin, "t", "t_k")).as("k of row 1 in the index on k").isEqualTo(1);
    }

    @Test
    void aRollbackJgrAsksForKeepsTheWritersChange() throws Exception {
        try (Connection rollingBack = connection(); Connection writer = connection()) {
            update(rollingBack, "UPDATE t SET c = 'r' WHERE id = 1");
            PutBackRace.Writer w = PutBackRace.arm(writer, "t", GroupCommit.mvStore(admin));
            RollbackFence.rollback(rollingBack);
            w.commit();
        }
        assertThat(PutBackRace.kInRow(admin, "t")).isEqualTo(1);
        assertThat(PutBackRace.kInIndex(admin, "t", "t_k")).isEqualTo(1);
    }

    @Test
    void aDeadlockVictimsRollbackInsideH2KeepsTheWritersChange() throws Exception {
        try (Connection victim = connection(); Connection other = connection(); Connection writer = connection()) {
            update(other, "UPDATE t SET c = 'o' WHERE id = 2"); // the older transaction: H2 picks the younger victim
            update(victim, "UPDATE t SET c = 'v' WHERE id = 1");
            CompletableFuture<Void> otherWaits = CompletableFuture.runAsync(() -> {
                try {
                    update(other, "UPDATE t SET c = 'o' WHERE id = 1");
                    other.rollback();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            PutBackRace.awaitAnyBlocked(admin);
            PutBackRace.Writer w = PutBackRace.arm(writer, "t", GroupCommit.mvStore(admin));
            assertThatThrownBy(() -> RollbackFence.armed(victim, () -> update(victim, "UPDATE t SET c = 'v' WHERE id = 2")))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(40001);
            w.commit();
            otherWaits.get(WAIT_S, TimeUnit.SECONDS);
        }
        assertThat(PutBackRace.kInRow(admin, "t")).isEqualTo(1);
        assertThat(PutBackRace.kInIndex(admin, "t", "t_k")).isEqualTo(1);
    }

    private Connection connection() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        return c;
    }
}
