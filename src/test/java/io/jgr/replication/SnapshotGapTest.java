package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.server.config.SystemVariables;
import io.jgr.store.H2Engine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that already applies the group's transactions and is then sent a snapshot past some it had not
 * applied (it was more than the message cache behind) must not go on applying on top of the hole: its
 * gtid_executed would claim transactions whose rows it never got. It stops applying and says why, so the
 * plugin takes it out of the group (ERROR) and a later START recovers the rows from a donor.
 */
class SnapshotGapTest {
    @Test
    void aSnapshotPastUnappliedTransactionsStopsTheApplierAndIsReported(@TempDir Path dir) throws Exception {
        try (ReplicationGroup group = new ReplicationGroup(dir, 1, false)) {
            ReplicationGroup.Node donor = group.node(1);
            UUID groupName = group.addresses.groupName;
            try (var s = donor.session()) {
                s.execute("CREATE DATABASE first_db");
                s.execute("CREATE DATABASE missed_db");
            }
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            donor.replicator.writeSnapshot(new DataOutputStream(state)); // GTIDs 1-2 certified

            SystemVariables vars = SystemVariables.standard();
            vars.applyStartupValue("group_replication_single_primary_mode", "OFF");
            H2Engine engine = H2Engine.open(dir.resolve("laggard"), vars, H2Engine.Options.defaults().withRootPassword("pw"));
            try (Replicator laggard = new Replicator(engine, vars, groupName, UUID.randomUUID())) {
                AtomicReference<String> reported = new AtomicReference<>();
                laggard.onDataGap(reported::set);
                laggard.deliver(1, ddl(donor.uuid, "CREATE DATABASE first_db"));
                await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(vars.globalValue("gtid_executed")).endsWith(":1"));

                laggard.readSnapshot(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
                assertThat(reported.get()).contains(groupName + ":2 to " + groupName + ":2")
                        .contains("group_replication_message_cache_size");

                laggard.deliver(laggard.lastDelivered() + 1, ddl(donor.uuid, "CREATE DATABASE after_gap"));
                Thread.sleep(500); // the applier had the chance to apply it, were it enqueued
                assertThat(vars.globalValue("gtid_executed")).as("nothing applied over the hole").isEqualTo(groupName + ":1");
                try (var s = engine.openApplierSession()) {
                    var rows = (io.jgr.sql.engine.Result.Rows) s.execute("SHOW DATABASES");
                    assertThat(rows.rows()).extracting(r -> String.valueOf(r[0]).toLowerCase())
                            .contains("first_db").doesNotContain("after_gap");
                }
            } finally {
                engine.close();
            }
        }
    }

    private static byte[] ddl(UUID origin, String sql) {
        return MessageCodec.encode(new GroupMessage.Transaction(origin, 1, 0, new long[0], List.of(), sql, null));
    }
}
