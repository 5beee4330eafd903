package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose applier cannot apply a transaction the group committed (here its table was dropped
 * locally, outside replication) stops there, as MySQL's applier channel does, and reports it so the plugin
 * takes the member out of the group. Before, it logged the error and went on: the member stayed ONLINE
 * without the transaction, its gtid_executed claiming it, and applied the ones after it.
 */
class ApplierErrorTest {
    @Test
    void aTransactionTheApplierCannotApplyStopsItThereAndIsReported(@TempDir Path dir) throws Exception {
        try (ReplicationGroup group = new ReplicationGroup(dir, 2, false); LogCapture log = LogCapture.open()) {
            ReplicationGroup.Node writer = group.node(1);
            ReplicationGroup.Node broken = group.node(2);
            AtomicReference<String> reported = new AtomicReference<>();
            broken.replicator.onApplierFailure(reported::set);
            try (Session s = writer.session()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20))");
                s.execute("INSERT INTO app.t VALUES (1, 'before')");
            }
            group.awaitConverged(group.nodes);
            String before = broken.gtidExecuted();
            try (Session s = broken.session()) {
                s.execute("SET SESSION sql_log_bin = 0"); // not replicated: only this member loses the table
                s.execute("DROP TABLE app.t");
            }
            try (Session s = writer.session()) {
                s.execute("INSERT INTO app.t VALUES (2, 'lost')");
                s.execute("CREATE DATABASE after_it");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> reported.get() != null);
            String gtid = group.addresses.groupName + ":4"; // CREATE DATABASE, CREATE TABLE, INSERT 1, INSERT 2
            assertThat(reported.get()).contains("transaction '" + gtid + "'").contains("app.t");
            assertThat(broken.replicator.applierStopped()).isTrue();

            Thread.sleep(500); // the applier had the chance to go on, were it still running
            assertThat(broken.gtidExecuted()).as("nothing claimed past the failed transaction").isEqualTo(before);
            try (Session s = broken.session()) {
                List<Object[]> dbs = ((Result.Rows) s.execute("SHOW DATABASES")).rows();
                assertThat(dbs).extracting(r -> String.valueOf(r[0]).toLowerCase()).doesNotContain("after_it");
            }
            assertThat(log.linesContaining("MY-010584")).singleElement().asString()
                    .contains("Replica SQL for channel 'group_replication_applier': Worker 1 failed executing transaction '" + gtid + "'")
                    .contains("Error_code: MY-001146");
            assertThat(log.linesContaining("MY-011451")).singleElement().asString()
                    .contains("The applier thread execution was aborted. Unable to process more transactions, this member will now leave the group.");
            assertThat(writer.replicator.applierStopped()).isFalse();
        }
    }
}
