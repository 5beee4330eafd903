package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2FileWrites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secondary behind the group applies what is queued in runs, each one H2 transaction. A run of large
 * transactions used to grow to {@link Applier#MAX_BATCH} of them (33 MB of 32 KiB rows), past the point where
 * MVStore stores an open transaction's pages on its own: every row and log row was written to the file,
 * uncommitted, and again after the commit. Runs are also bounded by payload now.
 */
class LargeTransactionApplyTest {
    static final int TRANSACTIONS = 120;
    static final int ROWS = 4;
    static final int ROW_BYTES = 32_768;

    @Test
    void aSecondaryCatchingUpOnLargeRowsWritesThemToItsFileOnce(@TempDir Path dir) throws Exception {
        try (ReplicationGroup group = new ReplicationGroup(dir, 2, false)) {
            ReplicationGroup.Node writer = group.node(1);
            ReplicationGroup.Node behind = group.node(2);
            try (Session s = writer.session()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.big (id INT PRIMARY KEY, v MEDIUMTEXT)");
            }
            group.awaitConverged(group.nodes);
            behind.replicator.holdForRecovery(); // what the group delivers now queues up, as behind a slow applier
            String value = "x".repeat(ROW_BYTES);
            try (Session s = writer.session()) {
                for (int t = 0; t < TRANSACTIONS; t++) {
                    StringBuilder sql = new StringBuilder("INSERT INTO app.big VALUES ");
                    for (int r = 0; r < ROWS; r++) {
                        sql.append(r == 0 ? "" : ",").append('(').append(t * ROWS + r).append(",'").append(value).append("')");
                    }
                    s.execute(sql.toString());
                }
            }
            long through = writer.replicator.lastDelivered();
            await().atMost(Duration.ofSeconds(60)).until(() -> behind.replicator.lastDelivered() >= through);
            long before = H2FileWrites.bytesWritten(behind.engine);
            behind.replicator.releaseAfterRecovery(0);
            group.awaitConverged(group.nodes);
            long written = H2FileWrites.bytesWritten(behind.engine) - before;
            long rowBytes = (long) TRANSACTIONS * ROWS * ROW_BYTES;
            try (Session s = behind.session()) {
                Object count = ((Result.Rows) s.execute("SELECT COUNT(*) FROM app.big")).rows().get(0)[0];
                assertThat(((Number) count).longValue()).isEqualTo((long) TRANSACTIONS * ROWS);
            }
            // the rows and their log rows once each is about 2x; written again after the commit it was about 4x
            assertThat((double) written / rowBytes).as("bytes written per row byte").isLessThan(2.6);
        }
    }
}
