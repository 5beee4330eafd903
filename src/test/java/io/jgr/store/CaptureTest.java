package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.engine.Session;
import io.jgr.store.capture.CapturedTransaction;
import io.jgr.store.capture.RowChange;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row capture stays exactly what H2 committed: failed statements, savepoints, DDL, TRUNCATE, cascades, no-op updates. */
class CaptureTest {
    @TempDir
    static Path dir;
    static EngineFixture f;
    Session s;

    @BeforeAll
    static void open() throws SQLException {
        f = new EngineFixture(dir);
    }

    @AfterAll
    static void close() {
        f.close();
    }

    @BeforeEach
    void fresh() throws SQLException {
        s = f.root();
        s.execute("DROP DATABASE IF EXISTS cap");
        s.execute("CREATE DATABASE cap");
        s.execute("USE cap");
        s.execute("CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10))");
        f.committed.clear();
    }

    /** Each committed row transaction as "KIND table before->after" lines. */
    private static List<List<String>> rowTransactions() {
        return f.committed.stream().filter(tx -> !tx.isDdl())
                .map(tx -> tx.rows().stream().map(CaptureTest::describe).toList()).toList();
    }

    private static String describe(RowChange r) {
        return r.kind() + " " + r.schema() + "." + r.table() + " " + Arrays.toString(r.before()) + "->" + Arrays.toString(r.after());
    }

    @Test
    void autocommitInsertCarriesGeneratedIdAndPrimaryKey() throws SQLException {
        s.execute("INSERT INTO t (v) VALUES ('a')");
        assertThat(rowTransactions()).containsExactly(List.of("INSERT cap.t null->[1, a]"));
        RowChange r = f.committed.get(0).rows().get(0);
        assertThat(r.columns()).containsExactly("id", "v");
        assertThat(r.primaryKey()).containsExactly(0);
    }

    @Test
    void failedStatementLeavesNoRows() throws SQLException {
        s.execute("INSERT INTO t VALUES (1, 'a')");
        f.committed.clear();
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (2, 'b')");
        assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (3, 'c'), (4, 'd'), (1, 'dup')"))
                .hasMessage("Duplicate entry '1' for key 't.PRIMARY'");
        s.execute("COMMIT");
        assertThat(rowTransactions()).containsExactly(List.of("INSERT cap.t null->[2, b]"));
        assertThat(EngineFixture.scalar(s, "SELECT COUNT(*) FROM t")).isEqualTo(2L);
    }

    @Test
    void autocommitFailureCommitsNothing() throws SQLException {
        s.execute("INSERT INTO t VALUES (1, 'a')");
        f.committed.clear();
        assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (5, 'e'), (1, 'dup')")).isInstanceOf(SQLException.class);
        assertThat(f.committed).isEmpty();
        assertThat(s.inTransaction()).isFalse();
    }

    @Test
    void rollbackToSavepointTruncates() throws SQLException {
        s.execute("START TRANSACTION");
        s.execute("INSERT INTO t VALUES (1, 'a')");
        s.execute("SAVEPOINT s1");
        s.execute("INSERT INTO t VALUES (2, 'b')");
        s.execute("SAVEPOINT s2");
        s.execute("UPDATE t SET v = 'bb' WHERE id = 2");
        s.execute("ROLLBACK TO SAVEPOINT s1");
        s.execute("INSERT INTO t VALUES (3, 'c')");
        assertThatThrownBy(() -> s.execute("ROLLBACK TO SAVEPOINT s2")).hasMessage("SAVEPOINT s2 does not exist");
        s.execute("COMMIT");
        assertThat(rowTransactions()).containsExactly(List.of("INSERT cap.t null->[1, a]", "INSERT cap.t null->[3, c]"));
    }

    @Test
    void rollbackDiscards() throws SQLException {
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1, 'a')");
        s.execute("ROLLBACK");
        s.execute("BEGIN");
        s.execute("COMMIT");
        assertThat(f.committed).isEmpty();
    }

    @Test
    void alterTableKeepsTheRealTableName() throws SQLException {
        s.execute("ALTER TABLE t ADD COLUMN w INT");
        s.execute("INSERT INTO t VALUES (1, 'a', 5)");
        s.execute("ALTER TABLE t RENAME TO t2");
        s.execute("UPDATE t2 SET w = 6");
        assertThat(rowTransactions()).containsExactly(List.of("INSERT cap.t null->[1, a, 5]"),
                List.of("UPDATE cap.t2 [1, a, 5]->[1, a, 6]"));
        assertThat(f.committed.stream().filter(CapturedTransaction::isDdl).map(CapturedTransaction::ddl))
                .containsExactly("ALTER TABLE t ADD COLUMN w INT", "ALTER TABLE t RENAME TO t2");
    }

    @Test
    void truncateIsDdl() throws SQLException {
        s.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        f.committed.clear();
        s.execute("TRUNCATE TABLE t");
        assertThat(f.committed).hasSize(1);
        assertThat(f.committed.get(0).ddl()).isEqualTo("TRUNCATE TABLE t");
        assertThat(f.committed.get(0).ddlSchema()).isEqualTo("cap");
    }

    @Test
    void cascadesAreCaptured() throws SQLException {
        s.execute("CREATE TABLE c (id INT PRIMARY KEY, tid INT, FOREIGN KEY (tid) REFERENCES t (id) ON DELETE CASCADE)");
        s.execute("INSERT INTO t VALUES (1, 'a')");
        s.execute("INSERT INTO c VALUES (10, 1), (11, 1)");
        f.committed.clear();
        s.execute("DELETE FROM t WHERE id = 1");
        assertThat(rowTransactions()).hasSize(1);
        assertThat(rowTransactions().get(0)).containsExactlyInAnyOrder("DELETE cap.t [1, a]->null", "DELETE cap.c [10, 1]->null",
                "DELETE cap.c [11, 1]->null");
    }

    @Test
    void noOpUpdatesAreDropped() throws SQLException {
        s.execute("INSERT INTO t VALUES (1, 'a')");
        f.committed.clear();
        s.execute("INSERT INTO t VALUES (1, 'a') ON DUPLICATE KEY UPDATE v = 'a'");
        s.execute("UPDATE t SET v = v");
        assertThat(f.committed).isEmpty();
        s.execute("INSERT INTO t VALUES (1, 'a') ON DUPLICATE KEY UPDATE v = 'b'");
        assertThat(rowTransactions()).containsExactly(List.of("UPDATE cap.t [1, a]->[1, b]"));
    }

    @Test
    void primaryKeyUpdateShowsBothKeys() throws SQLException {
        s.execute("INSERT INTO t VALUES (1, 'a')");
        f.committed.clear();
        s.execute("UPDATE t SET id = 9 WHERE id = 1");
        assertThat(rowTransactions()).containsExactly(List.of("UPDATE cap.t [1, a]->[9, a]"));
    }

    @Test
    void tableWithoutPrimaryKeyIsRefused() throws SQLException {
        s.execute("CREATE TABLE nopk (a INT)");
        assertThatThrownBy(() -> s.execute("INSERT INTO nopk VALUES (1)"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3098))
                .hasMessage("The table does not comply with the requirements by an external plugin.");
        assertThat(EngineFixture.scalar(s, "SELECT COUNT(*) FROM nopk")).isEqualTo(0L);
    }

    @Test
    void applierWritesAreNotCapturedAgain() throws SQLException {
        try (H2Session applier = f.engine.openApplierSession()) {
            applier.execute("INSERT INTO cap.t VALUES (7, 'remote')");
        }
        assertThat(f.committed).isEmpty();
        assertThat(EngineFixture.scalar(s, "SELECT v FROM t WHERE id = 7")).isEqualTo("remote");
    }

    @Test
    void refusedCommitRollsBack() throws SQLException {
        f.engine.setCommitHook(tx -> {
            throw io.jgr.sql.error.MySqlError.ER_TRANSACTION_ROLLBACK_DURING_COMMIT.exception();
        });
        try {
            s.execute("BEGIN");
            s.execute("INSERT INTO t VALUES (1, 'a')");
            assertThatThrownBy(() -> s.execute("COMMIT"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3101));
            assertThat(s.inTransaction()).isFalse();
        } finally {
            f.engine.setCommitHook(f.committed::add);
        }
        assertThat(EngineFixture.scalar(s, "SELECT COUNT(*) FROM t")).isEqualTo(0L);
    }

    @Test
    void sessionsKeepTheirOwnBuffers() throws SQLException {
        try (Session other = f.root()) {
            other.execute("USE cap");
            s.execute("BEGIN");
            other.execute("BEGIN");
            s.execute("INSERT INTO t VALUES (1, 'mine')");
            other.execute("INSERT INTO t VALUES (2, 'theirs')");
            other.execute("ROLLBACK");
            s.execute("COMMIT");
        }
        assertThat(rowTransactions()).containsExactly(List.of("INSERT cap.t null->[1, mine]"));
    }

    @Test
    void largeObjectsAreCapturedAsValues() throws SQLException {
        s.execute("CREATE TABLE lob (id INT PRIMARY KEY, doc JSON, body LONGTEXT, data LONGBLOB)");
        f.committed.clear();
        s.execute("INSERT INTO lob VALUES (1, '{\"a\": 1}', 'long text', x'0102')");
        Object[] after = f.committed.get(0).rows().get(0).after();
        assertThat(after[1]).isEqualTo("{\"a\": 1}");
        assertThat(after[2]).isEqualTo("long text");
        assertThat(after[3]).isEqualTo(new byte[] {1, 2});
    }
}
