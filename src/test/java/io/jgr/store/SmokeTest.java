package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void basics() throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session s = f.root()) {
            s.execute("CREATE DATABASE shop");
            s.execute("USE shop");
            s.execute("CREATE TABLE t (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(32) DEFAULT 'x', b TINYINT(1)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            Result r = s.execute("INSERT INTO t (v, b) VALUES ('it\\'s', 1), (\"two\", 0)");
            System.out.println(r);
            System.out.println(EngineFixture.rows(s.execute("SELECT *, DATABASE(), @@version, 1+1 FROM t")));
            System.out.println(((Result.Rows) s.execute("SELECT *, DATABASE(), @@version, 1+1 FROM t")).columns());
            System.out.println(EngineFixture.rows(s.execute("SHOW CREATE TABLE t")));
            System.out.println(EngineFixture.rows(s.execute("SHOW TABLES")));
            System.out.println(EngineFixture.rows(s.execute("DESCRIBE t")));
            System.out.println(f.committed);
            assertThat(f.committed).isNotEmpty();
        }
    }
}
