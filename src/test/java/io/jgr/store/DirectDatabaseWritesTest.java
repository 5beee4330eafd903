package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's bulk-load mode ({@link H2Engine#directWrites}): while on, H2's chunk writes go past the page
 * cache; rows committed then are in the file after a restart like any others, and once off, commits are
 * buffered again.
 */
class DirectDatabaseWritesTest {
    @TempDir
    Path dir;

    @Test
    void rowsCommittedWithDirectWritesSurviveARestartAndLiveCommitsStayBuffered() throws Exception {
        String big = "x".repeat(20_000) + "ü€";
        try (EngineFixture f = new EngineFixture(dir)) {
            try (Session s = f.root()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v MEDIUMTEXT)");
                boolean direct = f.engine.directWrites(true);
                if ("true".equals(System.getenv("CI"))) {
                    assertThat(direct).as("O_DIRECT on CI's file system").isTrue();
                }
                for (int i = 0; i < 200; i++) {
                    s.execute("INSERT INTO app.t VALUES (" + i + ", '" + i + big + "')");
                }
                long directBytes = f.engine.directBytes();
                if (direct) {
                    assertThat(directBytes).as("200 rows of 20 KB, every chunk direct").isGreaterThan(200L * 20_000);
                }
                assertThat(f.engine.directWrites(false)).isFalse();
                for (int i = 200; i < 220; i++) {
                    s.execute("INSERT INTO app.t VALUES (" + i + ", '" + i + big + "')");
                }
                assertThat(f.engine.directBytes()).as("buffered again").isEqualTo(directBytes);
            }
            f.restart();
            try (Session s = f.root()) {
                assertThat(EngineFixture.scalar(s, "SELECT COUNT(*) FROM app.t WHERE v = CONCAT(id, '" + big + "')"))
                        .isEqualTo(220L);
            }
        }
    }
}
