package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OK packet's affected rows and info text, as the mariadb client prints them. */
class OkInfoTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "INSERT INTO r VALUES (1, 1)|1|",
            "INSERT INTO r VALUES (1, 1), (2, 2)|2|Records: 2  Duplicates: 0  Warnings: 0",
            "INSERT IGNORE INTO r VALUES (1, 1), (5, 5)|1|Records: 2  Duplicates: 1  Warnings: 0",
            "REPLACE INTO r VALUES (1, 10), (6, 6)|3|Records: 2  Duplicates: 1  Warnings: 0",
            "INSERT INTO r SELECT id + 100, v FROM s|2|Records: 2  Duplicates: 0  Warnings: 0",
            "UPDATE r SET v = 1 WHERE id IN (1, 2)|2|Rows matched: 2  Changed: 1  Warnings: 0",
            "DELETE FROM r WHERE id = 1|1|",
    })
    void info(String sql, long affected, String info) throws Exception {
        try (EngineFixture f = new EngineFixture(dir.resolve(Integer.toHexString(sql.hashCode()))); Session s = f.root()) {
            s.execute("CREATE DATABASE d");
            s.execute("USE d");
            s.execute("CREATE TABLE r (id INT PRIMARY KEY, v INT)");
            s.execute("CREATE TABLE s (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO s VALUES (1, 1), (2, 2)");
            if (!sql.startsWith("INSERT INTO r VALUES")) {
                s.execute("INSERT INTO r VALUES (1, 1), (2, 2)");
            }
            Result.Ok ok = (Result.Ok) s.execute(sql);
            assertThat(ok.affectedRows()).isEqualTo(affected);
            assertThat(ok.info()).isEqualTo(info == null ? "" : info);
        }
    }
}
