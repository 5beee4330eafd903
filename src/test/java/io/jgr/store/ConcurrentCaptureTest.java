package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.Session;
import io.jgr.store.capture.CapturedTransaction;
import io.jgr.store.capture.RowChange;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions on several threads, with DDL replacing triggers meanwhile: every committed row is captured once, in its own session's transaction. */
class ConcurrentCaptureTest {
    @TempDir
    Path dir;

    @Test
    void everyCommittedRowOnceDespiteConcurrentDdl() throws Exception {
        int writers = 3;
        int perWriter = 150;
        try (EngineFixture f = new EngineFixture(dir); Session admin = f.root()) {
            admin.execute("CREATE DATABASE cc");
            admin.execute("CREATE TABLE cc.t (id INT PRIMARY KEY, writer INT)");
            f.committed.clear();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    int done = 0;
                    try (Session s = f.root()) {
                        for (int i = 0; i < perWriter; i++) {
                            int id = writer * 10_000 + i;
                            for (int attempt = 0; attempt < 20; attempt++) {
                                try {
                                    s.execute("INSERT INTO cc.t (id, writer) VALUES (" + id + ", " + writer + ")");
                                    done++;
                                    break;
                                } catch (SQLException e) {
                                    if (e.getErrorCode() != 1205 && e.getErrorCode() != 1213 && e.getErrorCode() != 1105) {
                                        throw e;
                                    }
                                }
                            }
                        }
                    }
                    return done;
                }));
            }
            for (int k = 0; k < 3; k++) {
                admin.execute("ALTER TABLE cc.t ADD COLUMN c" + k + " INT DEFAULT " + k);
            }
            int inserted = 0;
            for (Future<Integer> r : results) {
                inserted += r.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            long rows = (Long) EngineFixture.scalar(admin, "SELECT COUNT(*) FROM cc.t");
            assertThat(rows).isEqualTo(inserted);
            List<Object> capturedIds = new ArrayList<>();
            for (CapturedTransaction tx : f.committed) {
                if (tx.isDdl()) {
                    continue;
                }
                assertThat(tx.rows()).hasSize(1);
                RowChange r = tx.rows().get(0);
                assertThat(r.table()).isEqualTo("t");
                assertThat(r.kind()).isEqualTo(RowChange.Kind.INSERT);
                capturedIds.add(r.after()[0]);
            }
            assertThat(capturedIds).doesNotHaveDuplicates().hasSize(inserted);
        }
    }
}
