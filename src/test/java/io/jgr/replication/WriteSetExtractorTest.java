package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2Engine;
import io.jgr.store.capture.CapturedTransaction;
import io.jgr.store.capture.CommitHook;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Write sets from real captured transactions of a real engine: PK, unique keys, FK parents, case-insensitive keys. */
class WriteSetExtractorTest {
    @TempDir
    static Path dir;
    static H2Engine engine;
    static Session s;
    static final List<Set<Long>> writeSets = new ArrayList<>();
    static final WriteSetExtractor EXTRACTOR = new WriteSetExtractor(new TableKeysCache());

    @BeforeAll
    static void open() throws SQLException {
        engine = H2Engine.open(dir, SystemVariables.standard(), H2Engine.Options.defaults().withRootPassword("pw"));
        engine.setCommitHook(new CommitHook() {
            @Override
            public void beforeCommit(CapturedTransaction tx) {
            }

            @Override
            public void beforeCommit(CapturedTransaction tx, Connection conn) throws SQLException {
                if (!tx.isDdl()) {
                    writeSets.add(Arrays.stream(EXTRACTOR.extract(conn, tx.rows())).boxed().collect(Collectors.toSet()));
                }
            }
        });
        Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
        s = engine.openSession(new ConnectionInfo(1, root, InetAddress.getLoopbackAddress(), null, null, null));
        s.execute("CREATE DATABASE ws");
        s.execute("USE ws");
        s.execute("CREATE TABLE p (id INT PRIMARY KEY, code VARCHAR(10), UNIQUE KEY uc (code))");
        s.execute("CREATE TABLE c (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES p(id))");
        s.execute("CREATE TABLE s (name VARCHAR(20) PRIMARY KEY, v INT)");
        s.execute("CREATE TABLE m (a INT, b VARCHAR(5), v INT, PRIMARY KEY (a, b))");
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Set<Long> writeSetOf(String... statements) throws SQLException {
        writeSets.clear();
        s.execute("BEGIN");
        for (String sql : statements) {
            s.execute(sql);
        }
        s.execute("ROLLBACK".equals(statements[0]) ? "ROLLBACK" : "COMMIT");
        return writeSets.isEmpty() ? Set.of() : writeSets.get(0);
    }

    private static long key(String table, List<String> cols, Object... values) {
        return KeyHash.of("ws", table, cols, values);
    }

    @Test
    void insertHashesPrimaryAndUniqueKeys() throws SQLException {
        assertThat(writeSetOf("INSERT INTO p VALUES (1, 'one')"))
                .containsExactlyInAnyOrder(key("p", List.of("id"), 1), key("p", List.of("code"), "one"));
    }

    @Test
    void aNullUniqueValueIsNoKey() throws SQLException {
        assertThat(writeSetOf("INSERT INTO p VALUES (2, NULL)")).containsExactly(key("p", List.of("id"), 2));
    }

    @Test
    void aChildRowCarriesItsParentsKey() throws SQLException {
        s.execute("INSERT INTO p VALUES (10, 'ten')");
        Set<Long> child = writeSetOf("INSERT INTO c VALUES (100, 10)");
        assertThat(child).containsExactlyInAnyOrder(key("c", List.of("id"), 100), key("p", List.of("id"), 10));
        // and that is the very key a concurrent DELETE of the parent writes
        assertThat(writeSetOf("DELETE FROM c WHERE id = 100")).contains(key("p", List.of("id"), 10));
        assertThat(writeSetOf("DELETE FROM p WHERE id = 10")).contains(key("p", List.of("id"), 10));
    }

    @Test
    void anUpdateOfThePrimaryKeyHashesBothImages() throws SQLException {
        s.execute("INSERT INTO s VALUES ('k1', 1)");
        assertThat(writeSetOf("UPDATE s SET name = 'k2' WHERE name = 'k1'"))
                .containsExactlyInAnyOrder(key("s", List.of("name"), "k1"), key("s", List.of("name"), "k2"));
    }

    @ParameterizedTest
    @CsvSource({"Alice,ALICE", "bob,Bob", "carol,cAROL"})
    void caseInsensitiveEqualKeysHashEqual(String written, String updatedAs) throws SQLException {
        Set<Long> insert = writeSetOf("INSERT INTO s VALUES ('" + written + "', 1)");
        Set<Long> update = writeSetOf("UPDATE s SET v = 2 WHERE name = '" + updatedAs + "'");
        assertThat(update).isEqualTo(insert);
    }

    @Test
    void compositeKeysHashAllTheirColumns() throws SQLException {
        assertThat(writeSetOf("INSERT INTO m VALUES (1, 'x', 0)")).containsExactly(key("m", List.of("a", "b"), 1, "X"));
    }
}
