package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.gcs.Group;
import io.jgr.testing.LogCapture;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A joiner whose distributed recovery fails (two members in this JVM; the joiner's recovery hook fails as
 * a recovery with no donor to serve it does): as MySQL, it goes to ERROR, read-only, and leaves the group, so
 * the others stop listing it; exit_state_action follows, no auto-rejoin; STOP and START join it again.
 */
class RecoveryFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<GrNode> nodes = new ArrayList<>();
    private final AtomicBoolean failRecovery = new AtomicBoolean(true);
    private LogCapture log;

    @AfterEach
    void close() {
        nodes.forEach(GrNode::close);
        if (log != null) {
            log.close();
        }
    }

    private GrNode joinerWhoseRecoveryFails() throws Exception {
        log = LogCapture.open();
        String group = UUID.randomUUID().toString();
        GrNode seed = GrNode.replicating(1);
        nodes.add(seed);
        GrNode joiner = new GrNode(2, Hooks.defaults().withTuning(GrNode.FAST).withReplication(GrNode.REPLICATE)
                .withRecovery((g, credentials) -> failRecovery.get()
                        ? CompletableFuture.failedFuture(new IllegalStateException("no donor could serve this joiner"))
                        : CompletableFuture.completedFuture(null)));
        nodes.add(joiner);
        for (GrNode node : nodes) {
            node.configure(group, seed.localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
        }
        seed.bootstrap();
        joiner.sql("SET GLOBAL group_replication_autorejoin_tries = 3"); // must not apply: not an expel
        return joiner;
    }

    @Test
    void aJoinerWhoseRecoveryFailsIsErrorAndReadOnlyAndLeavesSoTheOthersNoLongerListIt() throws Exception {
        GrNode joiner = joinerWhoseRecoveryFails();
        GrNode seed = nodes.get(0);
        joiner.sql("START GROUP_REPLICATION");

        await().atMost(WAIT).untilAsserted(() -> assertThat(joiner.states()).containsExactly("ERROR"));
        assertThat(joiner.rows("SELECT @@super_read_only").get(0).get(0)).isIn(1L, true, 1);
        // before session 26 the joiner stayed in the group engine as a learner, RECOVERING in the others' tables
        await().atMost(WAIT).untilAsserted(() -> assertThat(seed.states()).containsExactly("ONLINE"));
        assertThat(log.linesContaining("Fatal error during the recovery process of Group Replication. "
                + "The server will leave the group.")).hasSize(1);
        assertThat(log.linesContaining("The recovery of this member failed: no donor could serve this joiner")).hasSize(1);
        assertThat(log.linesContaining("The server was automatically set into read only mode after an error was detected."))
                .hasSize(1);
        assertThat(log.linesContaining("auto-rejoin")).isEmpty();

        failRecovery.set(false);
        joiner.sql("STOP GROUP_REPLICATION");
        assertThat(joiner.states()).containsExactly("OFFLINE");
        joiner.sql("START GROUP_REPLICATION");
        for (GrNode node : nodes) {
            await().atMost(WAIT).until(() -> node.onlineCount() == 2);
        }
    }

    @Test
    void offlineModeAsTheExitStateActionFollowsAFailedRecovery() throws Exception {
        GrNode joiner = joinerWhoseRecoveryFails();
        joiner.sql("SET GLOBAL group_replication_exit_state_action = OFFLINE_MODE");
        joiner.sql("START GROUP_REPLICATION");

        await().atMost(WAIT).untilAsserted(() -> assertThat(joiner.rows("SELECT @@offline_mode").get(0).get(0)).isIn(1L, true, 1));
        assertThat(joiner.states()).containsExactly("ERROR");
        assertThat(log.linesContaining("The server was automatically set into offline mode after an error was detected."))
                .hasSize(1);
    }

    /**
     * A joiner refused for holding transactions the group lacks (the recovery layer's check, before any
     * transfer): as MySQL's, START itself fails with 3092, the member is OFFLINE, not ERROR, its read-only
     * modes are those before START, and the others no longer list it.
     */
    @Test
    void aJoinerRefusedForItsTransactionsFailsStartWith3092AndIsOffline() throws Exception {
        log = LogCapture.open();
        String group = UUID.randomUUID().toString();
        GrNode seed = GrNode.replicating(1);
        nodes.add(seed);
        Hooks.Recovery refusing = new Hooks.Recovery() {
            @Override
            public CompletableFuture<Void> recover(Group g, Optional<RecoveryCredentials> credentials) {
                throw new AssertionError("the plugin asks with the admission callback");
            }

            @Override
            public CompletableFuture<Void> recover(Group g, Optional<RecoveryCredentials> credentials, Runnable admitted) {
                return failRecovery.get()
                        ? CompletableFuture.failedFuture(new DistributedRecovery.JoinRefusedException("more than the group"))
                        : CompletableFuture.runAsync(admitted);
            }
        };
        GrNode joiner = new GrNode(2, Hooks.defaults().withTuning(GrNode.FAST).withReplication(GrNode.REPLICATE).withRecovery(refusing));
        nodes.add(joiner);
        for (GrNode node : nodes) {
            node.configure(group, seed.localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
        }
        seed.bootstrap();
        joiner.sql("SET GLOBAL super_read_only = OFF");
        joiner.sql("SET GLOBAL read_only = OFF");

        assertThatThrownBy(() -> joiner.sql("START GROUP_REPLICATION"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3092));
        assertThat(joiner.states()).containsExactly("OFFLINE");
        assertThat(joiner.rows("SELECT @@super_read_only, @@read_only").get(0)).allMatch(v -> v.equals(0L) || v.equals(false) || v.equals(0));
        await().atMost(WAIT).untilAsserted(() -> assertThat(seed.states()).containsExactly("ONLINE"));
        assertThat(log.linesContaining("read only mode after an error")).isEmpty();

        failRecovery.set(false);
        joiner.sql("START GROUP_REPLICATION");
        for (GrNode node : nodes) {
            await().atMost(WAIT).until(() -> node.onlineCount() == 2);
        }
    }
}
