package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.replication.Replicator;
import io.jgr.server.config.PersistedVariables;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MySQL's group-action functions on a group of three. {@code group_replication_set_as_primary}: run on a
 * secondary, it moves the primary to a third member, which takes writes while the old primary refuses them (1290).
 * {@code group_replication_switch_to_multi_primary_mode} / {@code …_single_primary_mode}: every member changes mode
 * at one point of the group's log and persists it. Every refusal is MySQL's 1123 or 3910 with its text.
 */
class GroupActionFunctionsTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    private final List<GrNode> nodes = new ArrayList<>();
    private final List<String> uuids = new ArrayList<>();

    @BeforeEach
    void formGroup() throws Exception {
        String group = UUID.randomUUID().toString();
        for (int i = 1; i <= 3; i++) {
            nodes.add(GrNode.replicating(i));
        }
        for (GrNode node : nodes) {
            node.configure(group, nodes.get(0).localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
            uuids.add((String) node.rows("SELECT @@server_uuid").get(0).get(0));
        }
        nodes.get(0).bootstrap();
        nodes.get(0).sql("CREATE DATABASE sp");
        nodes.get(0).sql("CREATE TABLE sp.t (id INT PRIMARY KEY)");
        GrNode.joinTheRest(nodes, WAIT);
    }

    @AfterEach
    void close() {
        nodes.forEach(GrNode::close);
    }

    @Test
    void aSecondaryMovesThePrimaryToAnotherMemberWhichThenTakesTheWrites() throws Exception {
        String call = "group_replication_set_as_primary('" + uuids.get(1) + "')";
        Result.Rows r = (Result.Rows) nodes.get(2).sql("SELECT " + call);
        assertThat(r.columns()).extracting(c -> c.name()).containsExactly(call);
        assertThat(r.rows().get(0)[0]).isEqualTo("Primary server switched to: " + uuids.get(1));

        for (GrNode node : nodes) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(node.rows(
                    "SELECT MEMBER_ID FROM performance_schema.replication_group_members WHERE MEMBER_ROLE = 'PRIMARY'"))
                    .containsExactly(List.of(uuids.get(1))));
        }
        await().atMost(WAIT).until(() -> readOnly(nodes.get(0)) && !readOnly(nodes.get(1)));
        assertThat(leads(nodes.get(1))).as("the new primary orders the group's log: it took the lead before its first write").isTrue();
        assertThat(leads(nodes.get(0))).isFalse();
        for (GrNode node : nodes) { // MySQL's table says so on every member
            await().atMost(WAIT).untilAsserted(() -> assertThat(communication(node))
                    .containsExactly(100L, version(node), uuids.get(1), uuids.get(1), 1L));
        }
        GroupFormationTest.assertError(() -> nodes.get(0).sql("INSERT INTO sp.t VALUES (1)"), 1290);
        nodes.get(1).sql("INSERT INTO sp.t VALUES (2)");
        for (GrNode node : nodes) {
            await().atMost(WAIT).until(() -> node.rows("SELECT id FROM sp.t").toString().equals("[[2]]"));
        }
        assertThat(nodes.get(1).rows("SELECT " + call).get(0).get(0))
                .isEqualTo("The requested member is already the current group primary.");

        // back to the first member, named by a system variable there, as DBAs often write it
        assertThat(nodes.get(0).rows("SELECT group_replication_set_as_primary(@@server_uuid)").get(0).get(0))
                .isEqualTo("Primary server switched to: " + uuids.get(0));
        assertThat(readOnly(nodes.get(0))).as("the calling member applied the switch before the answer").isFalse();
        assertThat(leads(nodes.get(0))).isTrue();
        nodes.get(0).sql("INSERT INTO sp.t VALUES (3)");
        await().atMost(WAIT).until(() -> readOnly(nodes.get(1)));
        assertThat(leads(nodes.get(1))).isFalse();
    }

    @Test
    void oneActionAtATimeFromAMemberAndNoneWhileTheNewPrimaryAppliesItsBacklog() throws Exception {
        GrNode first = nodes.get(0);
        Replicator firstApplier = first.plugin.replicator().orElseThrow();
        firstApplier.holdForRecovery(); // member 1 delivers its switch but does not apply it: its call waits
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Object> moving = caller.submit(() ->
                    first.rows("SELECT group_replication_set_as_primary('" + uuids.get(1) + "')").get(0).get(0));
            await().atMost(WAIT).until(() -> !readOnly(nodes.get(1))); // proposed, ordered, applied on member 2
            refused(first, "SELECT group_replication_set_as_primary('" + uuids.get(2) + "')", 3910,
                    "There is already a configuration action being proposed locally. Wait for it to finish.");
            refused(first, "SELECT group_replication_switch_to_multi_primary_mode()", 3910,
                    "There is already a configuration action being proposed locally. Wait for it to finish.");
            firstApplier.releaseAfterRecovery(0);
            assertThat(moving.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Primary server switched to: " + uuids.get(1));
        } finally {
            firstApplier.releaseAfterRecovery(0);
            caller.shutdownNow();
        }

        // member 3 elected with a transaction still to apply: until it has, it refuses an action of its own
        GrNode third = nodes.get(2);
        Replicator thirdApplier = third.plugin.replicator().orElseThrow();
        thirdApplier.holdForRecovery();
        try {
            nodes.get(1).sql("INSERT INTO sp.t VALUES (1)");
            assertThat(first.rows("SELECT group_replication_set_as_primary('" + uuids.get(2) + "')").get(0).get(0))
                    .isEqualTo("Primary server switched to: " + uuids.get(2));
            await().atMost(WAIT).until(() -> thirdApplier.electionRunning());
            refused(third, "SELECT group_replication_set_as_primary('" + uuids.get(0) + "')", 3910,
                    "A primary election is occurring in the group. Wait for it to end.");
            assertThat(readOnly(third)).as("still applying its backlog").isTrue();
        } finally {
            thirdApplier.releaseAfterRecovery(0);
        }
        await().atMost(WAIT).until(() -> !readOnly(third));
        assertThat(third.rows("SELECT group_replication_set_as_primary('" + uuids.get(0) + "')").get(0).get(0))
                .isEqualTo("Primary server switched to: " + uuids.get(0));
        for (GrNode node : nodes) {
            await().atMost(WAIT).until(() -> node.rows("SELECT id FROM sp.t").toString().equals("[[1]]"));
        }
    }

    @Test
    void refusalsAreMySqlsAndChangeNothing() throws Exception {
        GrNode secondary = nodes.get(2);
        refused(secondary, "SELECT group_replication_set_as_primary()", 1123,
                "Wrong arguments: You need to specify a server uuid.");
        refused(secondary, "SELECT group_replication_set_as_primary(NULL)", 1123,
                "Wrong arguments: You need to specify a server uuid.");
        refused(secondary, "SELECT group_replication_set_as_primary(12)", 1123,
                "Wrong arguments: You need to specify a server uuid.");
        refused(secondary, "SELECT group_replication_set_as_primary('not-a-uuid')", 1123,
                "Wrong arguments: The server uuid is not valid.");
        refused(secondary, "SELECT group_replication_set_as_primary('" + UUID.randomUUID() + "')", 1123,
                "The requested uuid is not a member of the group.");
        refused(secondary, "SELECT group_replication_set_as_primary('" + uuids.get(1) + "', 3601)", 3910,
                "Valid range for running_transactions_timeout is 0 to 3600.");

        nodes.get(0).sql("CREATE USER 'app'@'%' IDENTIFIED BY 'app-password'");
        nodes.get(0).sql("GRANT SELECT ON *.* TO 'app'@'%'");
        await().atMost(WAIT).ignoreExceptions().until(() -> secondary.session("app") != null); // the account replicated
        Session app = secondary.session("app");
        assertThatThrownBy(() -> app.execute("SELECT group_replication_set_as_primary('" + uuids.get(1) + "')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1123))
                .hasMessage("Can't initialize function 'group_replication_set_as_primary'; "
                        + "User 'app'@'%' needs SUPER or GROUP_REPLICATION_ADMIN privileges.");

        secondary.sql("STOP GROUP_REPLICATION");
        refused(secondary, "SELECT group_replication_set_as_primary('" + uuids.get(1) + "')", 1123,
                "Member must be ONLINE and in the majority partition.");
        assertThat(nodes.get(0).rows("SELECT MEMBER_ID FROM performance_schema.replication_group_members "
                + "WHERE MEMBER_ROLE = 'PRIMARY'")).containsExactly(List.of(uuids.get(0)));
        assertThat(readOnly(nodes.get(0))).isFalse();
    }

    @Test
    void theGroupSwitchesToMultiPrimaryAndBackWithThePrimaryItNames() throws Exception {
        List<PersistedVariables> persisted = new ArrayList<>();
        for (GrNode node : nodes) {
            PersistedVariables store = PersistedVariables.open(node.datadir);
            node.vars.persistTo(store);
            persisted.add(store);
        }
        String toMulti = "group_replication_switch_to_multi_primary_mode()";
        Result.Rows r = (Result.Rows) nodes.get(2).sql("SELECT " + toMulti);
        assertThat(r.columns()).extracting(c -> c.name()).containsExactly(toMulti);
        assertThat(r.rows().get(0)[0]).isEqualTo("Mode switched to multi-primary successfully.");
        assertThat(readOnly(nodes.get(2))).as("the calling member applied the switch before the answer").isFalse();
        for (int i = 0; i < 3; i++) {
            GrNode node = nodes.get(i);
            await().atMost(WAIT).until(() -> !readOnly(node));
            assertThat(node.rows("SELECT @@group_replication_single_primary_mode, "
                    + "@@group_replication_enforce_update_everywhere_checks")).containsExactly(List.of(0L, 1L));
            assertThat(node.rows("SELECT COUNT(*) FROM performance_schema.replication_group_members "
                    + "WHERE MEMBER_ROLE = 'PRIMARY'")).containsExactly(List.of(3L));
            assertThat(communication(node).get(2).toString().split(",")).as("every member may lead")
                    .containsExactlyInAnyOrderElementsOf(uuids);
            node.sql("INSERT INTO sp.t VALUES (" + (10 + i) + ")"); // every member takes writes
            await().atMost(WAIT).until(() -> persisted.get(node.n - 1).entries().containsKey("group_replication_single_primary_mode"));
            assertThat(persisted.get(node.n - 1).entries().get("group_replication_single_primary_mode").value()).isEqualTo("OFF");
            assertThat(persisted.get(node.n - 1).entries().get("group_replication_enforce_update_everywhere_checks").value())
                    .isEqualTo("ON");
        }
        assertThat(nodes.get(0).rows("SELECT " + toMulti).get(0).get(0)).isEqualTo("The group is already on multi-primary mode.");
        GroupFormationTest.assertError(() -> nodes.get(0).sql("SET GLOBAL group_replication_single_primary_mode = ON"), 3093);
        refused(nodes.get(0), "SELECT group_replication_set_as_primary('" + uuids.get(1) + "')", 1123,
                "In multi-primary mode. Use group_replication_switch_to_single_primary_mode.");

        String toSingle = "group_replication_switch_to_single_primary_mode('" + uuids.get(1) + "')";
        assertThat(nodes.get(0).rows("SELECT " + toSingle).get(0).get(0)).isEqualTo("Mode switched to single-primary successfully.");
        for (GrNode node : nodes) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(node.rows(
                    "SELECT MEMBER_ID FROM performance_schema.replication_group_members WHERE MEMBER_ROLE = 'PRIMARY'"))
                    .containsExactly(List.of(uuids.get(1))));
            assertThat(node.rows("SELECT @@group_replication_single_primary_mode, "
                    + "@@group_replication_enforce_update_everywhere_checks")).containsExactly(List.of(1L, 0L));
        }
        await().atMost(WAIT).until(() -> readOnly(nodes.get(0)) && readOnly(nodes.get(2)) && !readOnly(nodes.get(1)));
        assertThat(leads(nodes.get(1))).as("the primary the switch named leads the log").isTrue();
        GroupFormationTest.assertError(() -> nodes.get(0).sql("INSERT INTO sp.t VALUES (20)"), 1290);
        nodes.get(1).sql("INSERT INTO sp.t VALUES (21)");
        for (GrNode node : nodes) {
            await().atMost(WAIT).until(() -> node.rows("SELECT id FROM sp.t ORDER BY id").toString()
                    .equals("[[10], [11], [12], [21]]"));
            await().atMost(WAIT).until(() -> "ON".equals(persisted.get(node.n - 1).entries()
                    .get("group_replication_single_primary_mode").value()));
        }
        assertThat(nodes.get(2).rows("SELECT group_replication_switch_to_single_primary_mode()").get(0).get(0))
                .isEqualTo("The group is already on single-primary mode.");
        assertThat(nodes.get(2).rows("SELECT " + toSingle).get(0).get(0))
                .isEqualTo("Already in single-primary mode. Did you mean to use group_replication_set_as_primary?");
    }

    @Test
    void modeSwitchRefusalsAreMySqls() throws Exception {
        GrNode node = nodes.get(2);
        refused(node, "SELECT group_replication_switch_to_multi_primary_mode(1)", 1123,
                "Wrong arguments: This function takes no arguments.");
        for (String args : List.of("NULL", "''", "12", "'a', 'b'")) {
            refused(node, "SELECT group_replication_switch_to_single_primary_mode(" + args + ")", 1123,
                    "Wrong arguments: This function either takes no arguments or a single server uuid.");
        }
        refused(node, "SELECT group_replication_switch_to_single_primary_mode('not-a-uuid')", 1123,
                "Wrong arguments: The server uuid is not valid.");
        refused(node, "SELECT group_replication_switch_to_single_primary_mode('" + UUID.randomUUID() + "')", 1123,
                "The requested uuid is not a member of the group.");
        GroupFormationTest.assertError(() -> node.sql("SET GLOBAL group_replication_enforce_update_everywhere_checks = ON"),
                3093);
        node.sql("STOP GROUP_REPLICATION");
        refused(node, "SELECT group_replication_switch_to_multi_primary_mode()", 1123,
                "Member must be ONLINE and in the majority partition.");
        assertThat(nodes.get(0).rows("SELECT @@group_replication_single_primary_mode")).containsExactly(List.of(1L));
        assertThat(readOnly(nodes.get(0))).isFalse();
        assertThat(readOnly(nodes.get(1))).isTrue();
    }

    /** Whether the member is the group's Raft leader: the single-primary group's primary is (docs/group-engine.md). */
    private static boolean leads(GrNode node) {
        return node.plugin.group().map(g -> g.isLeader()).orElse(false);
    }

    /** performance_schema.replication_group_communication_information's one row. */
    private static List<Object> communication(GrNode node) throws Exception {
        List<List<Object>> rows = node.rows("SELECT * FROM performance_schema.replication_group_communication_information");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static String version(GrNode node) throws Exception {
        String v = (String) node.rows("SELECT @@version").get(0).get(0);
        return v.contains("-") ? v.substring(0, v.indexOf('-')) : v;
    }

    private static void refused(GrNode node, String sql, int code, String why) {
        String function = sql.substring("SELECT ".length(), sql.indexOf('('));
        String text = code == 1123 ? "Can't initialize function '" + function + "'; " + why
                : "The function '" + function + "' failed. " + why;
        assertThatThrownBy(() -> node.sql(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getSQLState()).isEqualTo("HY000");
        }).hasMessage(text);
    }

    private static boolean readOnly(GrNode node) throws SQLException {
        Object v = node.rows("SELECT @@super_read_only").get(0).get(0);
        return v.equals(1L) || v.equals(true) || v.equals(1);
    }
}
