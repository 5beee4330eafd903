package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** read_only refuses accounts without SUPER, super_read_only everyone (1290); reads and the applier go on. */
class ReadOnlyTest {
    @TempDir
    static Path dir;
    static SystemVariables vars = SystemVariables.standard();
    static H2Engine engine;
    static Session root;
    static Session plain;

    @BeforeAll
    static void open() throws SQLException {
        engine = H2Engine.open(dir, vars, H2Engine.Options.defaults().withRootPassword("pw"));
        root = session("root");
        root.execute("CREATE DATABASE ro");
        root.execute("CREATE TABLE ro.t (id INT PRIMARY KEY)");
        root.execute("CREATE USER 'plain'@'localhost' IDENTIFIED BY 'pw2'");
        root.execute("GRANT ALL ON ro.* TO 'plain'@'localhost'");
        plain = session("plain");
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Session session(String user) throws SQLException {
        Account a = engine.findAccount(user, InetAddress.getLoopbackAddress()).orElseThrow();
        return engine.openSession(new ConnectionInfo(user.length(), a, InetAddress.getLoopbackAddress(), null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO ro.t VALUES (1)", "UPDATE ro.t SET id = 2", "DELETE FROM ro.t",
            "REPLACE INTO ro.t VALUES (1)", "CREATE TABLE ro.u (id INT PRIMARY KEY)", "DROP TABLE ro.t",
            "TRUNCATE TABLE ro.t", "CREATE USER 'x'@'%'", "GRANT SELECT ON ro.* TO 'plain'@'localhost'",
            "SET PASSWORD FOR 'plain'@'localhost' = 'n'"})
    void superReadOnlyRefusesEveryone(String sql) throws SQLException {
        vars.setInternal("super_read_only", true);
        try {
            assertThatThrownBy(() -> root.execute(sql)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1290);
                assertThat(e.getSQLState()).isEqualTo("HY000");
                assertThat(e.getMessage()).isEqualTo(
                        "The MySQL server is running with the --super-read-only option so it cannot execute this statement");
            });
            assertThat(root.execute("SELECT COUNT(*) FROM ro.t")).isNotNull();
        } finally {
            vars.setInternal("read_only", false);
        }
    }

    /** Server-side prepared statements (Connector/J useServerPrepStmts) are refused like text ones. */
    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO ro.t VALUES (?)", "UPDATE ro.t SET id = ? WHERE id = 99", "DELETE FROM ro.t WHERE id = ?",
            "REPLACE INTO ro.t VALUES (?)"})
    void superReadOnlyRefusesPreparedWrites(String sql) throws SQLException {
        io.jgr.sql.engine.PreparedQuery q = root.prepare(sql);
        vars.setInternal("super_read_only", true);
        try {
            assertThatThrownBy(() -> q.execute(java.util.List.of(7))).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1290));
            assertThat(root.execute("SELECT COUNT(*) FROM ro.t WHERE id = 7")).isNotNull();
        } finally {
            vars.setInternal("read_only", false);
            q.close();
        }
    }

    @Test
    void readOnlyRefusesOnlyAccountsWithoutSuper() throws SQLException {
        vars.setInternal("read_only", true);
        try {
            assertThatThrownBy(() -> plain.execute("INSERT INTO ro.t VALUES (5)")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getMessage()).isEqualTo(
                            "The MySQL server is running with the --read-only option so it cannot execute this statement"));
            root.execute("INSERT INTO ro.t VALUES (5)");
        } finally {
            vars.setInternal("read_only", false);
        }
        plain.execute("DELETE FROM ro.t WHERE id = 5");
    }

    @Test
    void theApplierSessionIsExempt() throws SQLException {
        vars.setInternal("super_read_only", true);
        try (H2Session applier = engine.openApplierSession()) {
            applier.execute("INSERT INTO ro.t VALUES (9)");
            applier.execute("DELETE FROM ro.t WHERE id = 9");
        } finally {
            vars.setInternal("read_only", false);
        }
    }
}
