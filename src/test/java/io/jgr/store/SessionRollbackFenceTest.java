package io.jgr.store;

import static io.jgr.store.PutBackRace.WAIT_S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.engine.Session;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session H2 picks as a deadlock victim is rolled back inside H2, with the stores held off from H2's
 * report of the failure ({@link RollbackFence.Listener}, in the engine's URL) until the statement returns:
 * a writer between the put-backs of its row ({@link PutBackRace}) keeps its change. Fails without the fence:
 * the row loses the writer's {@code k = k + 1}, the index on k keeps it, and the next UPDATE of the row
 * retries until H2's lock timeout ("Row not found when trying to delete from index").
 */
class SessionRollbackFenceTest {
    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        PutBackRace.disarm();
    }

    @Test
    void aDeadlockVictimsRollbackLosesNoChangeOfAWriterThatGotInBetween() throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session admin = f.root(); Connection h2 = f.engine.openH2Connection()) {
            admin.execute("CREATE DATABASE rf");
            admin.execute("CREATE TABLE rf.t (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(20), KEY t_k (k))");
            admin.execute("INSERT INTO rf.t VALUES (1, 0, 'x'), (2, 0, 'x')");
            PutBackRace.install(h2, "rf.t");
            try (Session victim = f.root(); Session other = f.root(); Connection writer = f.engine.openH2Connection()) {
                writer.setAutoCommit(false);
                other.execute("BEGIN");
                other.execute("UPDATE rf.t SET c = 'o' WHERE id = 2"); // the older transaction: H2 picks the younger victim
                victim.execute("BEGIN");
                victim.execute("UPDATE rf.t SET c = 'v' WHERE id = 1");
                CompletableFuture<Void> otherWaits = CompletableFuture.runAsync(() -> {
                    try {
                        other.execute("UPDATE rf.t SET c = 'o' WHERE id = 1");
                        other.execute("ROLLBACK");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                PutBackRace.awaitAnyBlocked(h2);
                PutBackRace.Writer w = PutBackRace.arm(writer, "rf.t", f.engine.mvStore());
                assertThatThrownBy(() -> victim.execute("UPDATE rf.t SET c = 'v' WHERE id = 2"))
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(1213);
                w.commit();
                otherWaits.get(WAIT_S, TimeUnit.SECONDS);
            }
            assertThat(PutBackRace.kInRow(h2, "rf.t")).as("k of row 1, read by primary key").isEqualTo(1);
            assertThat(PutBackRace.kInIndex(h2, "rf.t", indexOnK(h2))).as("k of row 1 in the index on k").isEqualTo(1);
        }
    }

    private static String indexOnK(Connection h2) throws SQLException {
        try (Statement s = h2.createStatement(); ResultSet rs = s.executeQuery("SELECT i.INDEX_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS i"
                + " WHERE i.TABLE_SCHEMA = 'rf' AND i.TABLE_NAME = 't' AND i.COLUMN_NAME = 'k'")) {
            assertThat(rs.next()).as("an index on rf.t(k)").isTrue();
            return "\"" + rs.getString(1) + "\"";
        }
    }
}
