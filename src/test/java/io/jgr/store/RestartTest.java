package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.Session;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Close and reopen the datadir: committed data, declared types, accounts and capture survive; uncommitted work does not. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void committedWorkSurvivesUncommittedDoesNot() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            try (Session s = f.root()) {
                s.execute("CREATE DATABASE shop");
                s.execute("USE shop");
                s.execute("CREATE TABLE t (id BIGINT UNSIGNED PRIMARY KEY, flag TINYINT(1))");
                s.execute("INSERT INTO t VALUES (18446744073709551615, 1)");
                s.execute("CREATE USER app@'%' IDENTIFIED BY 'pw'");
                s.execute("GRANT SELECT ON shop.t TO app@'%'");
            }
            Session open = f.root();
            open.execute("BEGIN");
            open.execute("INSERT INTO shop.t VALUES (1, 0)");
            // the engine closes with this transaction still open
            f.restart();
            f.committed.clear();
            try (Session s = f.root()) {
                s.execute("USE shop");
                assertThat(EngineFixture.rows(s.execute("SELECT id FROM t")))
                        .containsExactly(List.of(new java.math.BigInteger("18446744073709551615")));
                assertThat(EngineFixture.rows(s.execute("SHOW COLUMNS FROM t")).get(0).get(1)).isEqualTo("bigint unsigned");
                s.execute("INSERT INTO t VALUES (2, 0)");
                assertThat(f.committed).hasSize(1);
            }
            try (Session app = f.as("app", InetAddress.getByName("192.0.2.3"), "shop")) {
                assertThat(EngineFixture.scalar(app, "SELECT COUNT(*) FROM t")).isEqualTo(2L);
                assertThat(EngineFixture.rows(app.execute("SHOW GRANTS"))).contains(List.of("GRANT SELECT ON `shop`.`t` TO `app`@`%`"));
            }
        }
    }
}
