package io.jgr.gr;

import static io.jgr.gr.GroupFormationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.gcs.Voters;
import io.jgr.sql.engine.Session;
import io.jgr.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a member the group expelled while it kept running (a long pause, a partition) does, as MySQL's
 * "responses to failure detection" (three members in this JVM; the expel is a real removal from the voting
 * set): ERROR and read-only, and it leaves so the others stop listing it; group_replication_autorejoin_tries:
 * it tries to join again on its own, up to that many times, START refused and STOP ending it meanwhile;
 * then, out of tries or with none, group_replication_exit_state_action. A member that cannot reach a majority
 * for group_replication_unreachable_majority_timeout seconds leaves the same way.
 */
class ExpelResponsesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String UNREACHABLE_SEEDS = "127.0.0.1:" + GrNode.freePort("127.0.0.1");

    private final List<GrNode> nodes = new ArrayList<>();
    private LogCapture log;

    @BeforeEach
    void formGroup() throws Exception {
        log = LogCapture.open();
        String group = UUID.randomUUID().toString();
        for (int i = 1; i <= 3; i++) {
            nodes.add(GrNode.replicating(i));
        }
        for (GrNode node : nodes) {
            node.configure(group, nodes.get(0).localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
        }
        nodes.get(0).bootstrap();
        nodes.get(0).sql("CREATE DATABASE ar");
        nodes.get(0).sql("CREATE TABLE ar.t (id INT PRIMARY KEY)");
        nodes.get(0).sql("CREATE USER app@'%' IDENTIFIED BY 'app-Secret1'"); // an account without SUPER
        GrNode.joinTheRest(nodes, WAIT);
    }

    @AfterEach
    void close() {
        nodes.forEach(GrNode::close);
        log.close();
    }

    /**
     * Makes every join of {@code node} fail from now on, as a partition that lasts would: seeds nobody listens
     * on, and a new port, so the others do not reach it at the old one either (JGroups keeps trying that).
     */
    private static void cutOff(GrNode node) throws Exception {
        node.sql("SET GLOBAL group_replication_group_seeds = '" + UNREACHABLE_SEEDS + "'");
        node.sql("SET GLOBAL group_replication_local_address = '127.0.0.3:" + GrNode.freePort("127.0.0.3") + "'");
    }

    private GrNode expelThird() throws Exception {
        GrNode expelled = nodes.get(2);
        Voters.remove(nodes.get(0).plugin.group().orElseThrow(), expelled.plugin.group().orElseThrow());
        return expelled;
    }

    @Test
    void withoutTriesAnExpelledMemberIsErrorAndReadOnlyAndLeavesSoTheOthersNoLongerListIt() throws Exception {
        GrNode expelled = nodes.get(2);
        expelled.sql("SET GLOBAL group_replication_autorejoin_tries = 0"); // exit_state_action: READ_ONLY, the default
        expelThird();
        await().atMost(WAIT).untilAsserted(() -> assertThat(expelled.states()).containsExactly("ERROR"));
        assertThat(expelled.rows("SELECT @@super_read_only").get(0).get(0)).isIn(1L, true, 1);
        for (GrNode other : nodes.subList(0, 2)) {
            // before session 23 it stayed in the view as a learner and the others listed it RECOVERING for good
            await().atMost(WAIT).untilAsserted(() -> assertThat(other.states()).containsExactly("ONLINE", "ONLINE"));
        }
        assertThat(log.linesContaining("Member was expelled from the group due to network failures, "
                + "changing member status to ERROR.")).hasSize(1);
        assertThat(log.linesContaining("auto-rejoin")).isEmpty();
        assertThat(expelled.rows("SELECT @@offline_mode").get(0).get(0)).isIn(0L, false, 0);
        assertThat(log.linesContaining("will abort")).isEmpty();
        // the levels that wait for the others are refused while ERROR, as MySQL's; EVENTUAL reads go on
        Session s = expelled.session("root");
        s.execute("SET SESSION group_replication_consistency = 'BEFORE'");
        assertError(() -> s.execute("SELECT id FROM ar.t"), 3796);
        s.execute("SET SESSION group_replication_consistency = 'EVENTUAL'");
        s.execute("SELECT id FROM ar.t");
        s.close();

        expelled.sql("STOP GROUP_REPLICATION");
        assertThat(expelled.states()).containsExactly("OFFLINE");
        expelled.sql("START GROUP_REPLICATION");
        for (GrNode node : nodes) {
            await().atMost(WAIT).until(() -> node.onlineCount() == 3);
        }
    }

    @Test
    void offlineModeAsTheExitStateActionEndsOrdinaryConnections() throws Exception {
        GrNode expelled = nodes.get(2);
        expelled.sql("SET GLOBAL group_replication_autorejoin_tries = 0");
        expelled.sql("SET GLOBAL group_replication_exit_state_action = OFFLINE_MODE");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> expelled.session("app").close()); // replicated, may connect
        expelThird();

        await().atMost(WAIT).untilAsserted(() -> assertThat(expelled.rows("SELECT @@offline_mode").get(0).get(0)).isIn(1L, true, 1));
        assertThat(log.linesContaining("The server was automatically set into offline mode after an error was detected."))
                .hasSize(1);
        assertThat(expelled.states()).containsExactly("ERROR");
        assertThat(expelled.rows("SELECT @@super_read_only").get(0).get(0)).isIn(1L, true, 1);
        assertError(() -> expelled.session("app"), 3032);
        expelled.session("root").close(); // SUPER
    }

    @Test
    void abortServerAsTheExitStateActionShutsTheMemberDown() throws Exception {
        GrNode expelled = nodes.get(2);
        java.util.concurrent.CountDownLatch shutdown = new java.util.concurrent.CountDownLatch(1);
        expelled.plugin.abortServerWith(shutdown::countDown); // the member process passes its orderly shutdown
        expelled.sql("SET GLOBAL group_replication_autorejoin_tries = 0");
        expelled.sql("SET GLOBAL group_replication_exit_state_action = ABORT_SERVER");
        expelThird();

        assertThat(shutdown.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(log.linesContaining("The plugin encountered a critical error and will abort: "
                + "Member was expelled from the group due to network failures.")).hasSize(1);
    }

    @Test
    void abortServerComesAfterTheLastFailedAutoRejoinAttempt() throws Exception {
        GrNode expelled = nodes.get(2);
        java.util.concurrent.CountDownLatch shutdown = new java.util.concurrent.CountDownLatch(1);
        expelled.plugin.abortServerWith(shutdown::countDown);
        expelled.sql("SET GLOBAL group_replication_autorejoin_tries = 1");
        expelled.sql("SET GLOBAL group_replication_exit_state_action = ABORT_SERVER");
        cutOff(expelled);
        expelThird();

        assertThat(shutdown.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertLoggedInOrder("Auto-rejoin procedure attempt 1 of 1 finished. Member was not able to join the group.",
                "The plugin encountered a critical error and will abort: Could not rejoin the member to the group after 1 attempts");
    }

    @Test
    void aMemberWithoutAMajorityForTheUnreachableMajorityTimeoutLeavesInError() throws Exception {
        GrNode survivor = nodes.get(2);
        survivor.sql("SET GLOBAL group_replication_autorejoin_tries = 0");
        survivor.sql("SET GLOBAL group_replication_unreachable_majority_timeout = 2");
        nodes.get(0).plugin.group().orElseThrow().close(); // no leave announcement: crashes, for the survivor
        nodes.get(1).plugin.group().orElseThrow().close();

        await().atMost(WAIT).untilAsserted(() -> assertThat(survivor.states()).containsExactly("ERROR"));
        assertThat(survivor.rows("SELECT @@super_read_only").get(0).get(0)).isIn(1L, true, 1);
        assertLoggedInOrder("This server is not able to reach a majority of members in the group.",
                "This member could not reach a majority of the members for more than 2 seconds. The member will now leave "
                        + "the group as instructed by the group_replication_unreachable_majority_timeout option.");
        assertThat(log.linesContaining("could not reach a majority of the members")).hasSize(1);
    }

    /** Both lines were logged, {@code first} before {@code then}. */
    private void assertLoggedInOrder(String first, String then) {
        List<String> lines = log.linesContaining("");
        int a = -1;
        int b = -1;
        for (int i = 0; i < lines.size(); i++) {
            a = a < 0 && lines.get(i).contains(first) ? i : a;
            b = b < 0 && lines.get(i).contains(then) ? i : b;
        }
        assertThat(a).as(first).isNotNegative();
        assertThat(b).as(then).isGreaterThan(a);
    }

    @Test
    void anExpelledMemberJoinsAgainOnItsOwnAndReplicatesAgain() throws Exception {
        GrNode primary = nodes.get(0);
        // left ON, as after a careless bootstrap: an attempt must join the group, never form one of its own
        nodes.get(2).sql("SET GLOBAL group_replication_bootstrap_group = ON");
        GrNode expelled = expelThird(); // group_replication_autorejoin_tries: MySQL's default, 3

        await().atMost(WAIT).until(() -> !log.linesContaining("Auto-rejoin procedure attempt 1 of 3 finished.").isEmpty());
        assertThat(log.linesContaining("Member was expelled from the group due to network failures")).hasSize(1);
        assertThat(log.linesContaining("Started auto-rejoin procedure attempt 1 of 3")).hasSize(1);
        assertThat(log.linesContaining("Auto-rejoin procedure attempt 1 of 3 finished. Member was able to join the group."))
                .hasSize(1);
        for (GrNode node : nodes) {
            await().atMost(WAIT).until(() -> node.onlineCount() == 3);
        }
        primary.sql("INSERT INTO ar.t VALUES (1)");
        await().atMost(WAIT).until(() -> expelled.rows("SELECT COUNT(*) FROM ar.t WHERE id = 1").get(0).get(0).equals(1L));
        assertThat(expelled.rows("SELECT @@super_read_only").get(0).get(0)).isIn(1L, true, 1); // a secondary
        assertThat(log.linesContaining("Started auto-rejoin procedure attempt 2")).isEmpty();
    }

    @Test
    void whenNoAttemptJoinsTheMemberStaysErrorAndReadOnlyAfterTheLast() throws Exception {
        GrNode expelled = nodes.get(2);
        expelled.plugin.autoRejoinInterval(Duration.ofMillis(300));
        expelled.sql("SET GLOBAL group_replication_autorejoin_tries = 2");
        cutOff(expelled); // the attempts use the options as they are now
        expelThird();

        await().atMost(WAIT).until(() -> !log.linesContaining("Auto-rejoin procedure attempt 2 of 2 finished.").isEmpty());
        assertThat(log.linesContaining("Started auto-rejoin procedure attempt 1 of 2")).hasSize(1);
        assertThat(log.linesContaining("Started auto-rejoin procedure attempt 2 of 2")).hasSize(1);
        assertThat(log.linesContaining("Auto-rejoin procedure attempt")).singleElement().asString()
                .contains("Auto-rejoin procedure attempt 2 of 2 finished. Member was not able to join the group.");
        await().atMost(WAIT).until(() -> !procedureRunning());
        assertThat(expelled.states()).containsExactly("ERROR");
        assertThat(expelled.rows("SELECT @@super_read_only").get(0).get(0)).isIn(1L, true, 1);
        assertThat(log.linesContaining("Started auto-rejoin procedure attempt 3")).isEmpty();
        assertThat(expelled.rows("SELECT WORK_COMPLETED, WORK_ESTIMATED FROM performance_schema.events_stages_history_long"))
                .containsExactly(List.of(2L, 2L));
        assertThat(stagesEnded(expelled)).isEqualTo(1L);
        for (GrNode other : nodes.subList(0, 2)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(other.states()).containsExactly("ONLINE", "ONLINE"));
        }

        expelled.sql("STOP GROUP_REPLICATION");
        assertThat(expelled.states()).containsExactly("OFFLINE");
    }

    @Test
    void startIsRefusedWhileTheProcedureRunsAndStopEndsIt() throws Exception {
        GrNode expelled = nodes.get(2);
        expelled.plugin.autoRejoinInterval(Duration.ofMinutes(10)); // the pause STOP has to cut short
        cutOff(expelled);
        expelThird();
        await().atMost(WAIT).until(() -> !log.linesContaining("The member was unable to join the group.").isEmpty());
        assertThat(expelled.states()).containsExactly("ERROR");
        assertThat(expelled.rows("SELECT @@super_read_only").get(0).get(0)).isIn(1L, true, 1);

        // MySQL's way to watch the procedure: its stage, WORK_COMPLETED the attempts made, WORK_ESTIMATED the tries
        assertThat(expelled.rows("SELECT EVENT_NAME, WORK_COMPLETED, WORK_ESTIMATED, END_EVENT_ID "
                + "FROM performance_schema.events_stages_current WHERE EVENT_NAME LIKE '%auto-rejoin%'"))
                .containsExactly(Arrays.asList("stage/group_rpl/Undergoing auto-rejoin procedure", 1L, 3L, null));
        assertThat(stagesEnded(expelled)).isZero();

        assertError(() -> expelled.sql("START GROUP_REPLICATION"), 3093);
        expelled.sql("STOP GROUP_REPLICATION");
        assertThat(expelled.states()).containsExactly("OFFLINE");
        await().atMost(WAIT).until(() -> !procedureRunning());
        assertThat(expelled.rows("SELECT * FROM performance_schema.events_stages_current")).isEmpty();
        assertThat(stagesEnded(expelled)).isEqualTo(1L);
        List<List<Object>> ended = expelled.rows("SELECT WORK_COMPLETED, TIMER_START, TIMER_END, TIMER_WAIT "
                + "FROM performance_schema.events_stages_history_long WHERE EVENT_NAME LIKE '%auto-rejoin%'");
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).get(0)).isEqualTo(1L);
        assertThat((Long) ended.get(0).get(2)).isGreaterThan((Long) ended.get(0).get(1));
        assertThat(ended.get(0).get(3)).isEqualTo((Long) ended.get(0).get(2) - (Long) ended.get(0).get(1));
        assertThat(log.linesContaining("Started auto-rejoin procedure attempt 2")).isEmpty();
        assertThat(log.linesContaining("Auto-rejoin procedure attempt 1 of 3 finished. Member was not able to join the group."))
                .hasSize(1);

        expelled.sql("SET GLOBAL group_replication_group_seeds = '" + nodes.get(0).localAddress() + "'");
        expelled.sql("START GROUP_REPLICATION");
        for (GrNode node : nodes) {
            await().atMost(WAIT).until(() -> node.onlineCount() == 3);
        }
    }

    /** COUNT_STAR of the auto-rejoin stage: how many procedures ended on this member. */
    private static long stagesEnded(GrNode node) throws Exception {
        return (Long) node.rows("SELECT COUNT_STAR FROM performance_schema.events_stages_summary_global_by_event_name "
                + "WHERE EVENT_NAME = 'stage/group_rpl/Undergoing auto-rejoin procedure'").get(0).get(0);
    }

    private static boolean procedureRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("jgr-gr-autorejoin"));
    }
}
