package io.jgr.gr;

import static io.jgr.gr.GroupFormationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.perimeter.allowlist.NetworkInterfaces;
import io.jgr.sql.engine.Session;
import io.jgr.testing.LogCapture;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** START/STOP GROUP_REPLICATION errors, log lines, credentials and the tables, on one member. */
class StartStopStatementsTest {

    @Test
    void privilegesAndStartOptions() throws Exception {
        try (GrNode node = new GrNode(1)) {
            node.sql("CREATE USER app@'%' IDENTIFIED BY 'x'");
            try (Session app = node.engine.openSession(new io.jgr.sql.engine.ConnectionInfo(99,
                    node.engine.findAccount("app", java.net.InetAddress.getLoopbackAddress()).orElseThrow(),
                    java.net.InetAddress.getLoopbackAddress(), null, null, null))) {
                assertThatThrownBy(() -> app.execute("START GROUP_REPLICATION"))
                        .hasMessage("Access denied; you need (at least one of) the GROUP_REPLICATION_ADMIN or SUPER "
                                + "privilege(s) for this operation");
                assertError(() -> app.execute("STOP GROUP_REPLICATION"), 1227);
            }
            assertError(() -> node.sql("START GROUP_REPLICATION USER=''"), 3970);
            assertError(() -> node.sql("START GROUP_REPLICATION PASSWORD='p'"), 3971);
            assertError(() -> node.sql("START GROUP_REPLICATION USER='u', PASSWORD='" + "x".repeat(33) + "'"), 3972);
            assertError(() -> node.sql("START GROUP_REPLICATION USER='u' PASSWORD='p'"), 1064);
            assertThatThrownBy(() -> node.sql("START GROUP_REPLICATION USER='u', PASSWORD='hunter2', BOGUS='z'"))
                    .isInstanceOf(SQLException.class).message().doesNotContain("hunter2");
            node.sql("STOP GROUP_REPLICATION"); // stopped already: OK, as MySQL
            assertThat(node.states()).containsExactly("OFFLINE");
            assertThat(GroupPerimeterTest.status(node, "Jgr_group_replication_member_state")).isEqualTo("OFFLINE");
            assertError(() -> node.sql("DELETE FROM performance_schema.replication_group_members"), 1142);
            assertThat(node.rows("SELECT * FROM performance_schema.replication_group_communication_information"))
                    .as("no row while stopped, as MySQL").isEmpty();
            node.sql("START TRANSACTION"); // not ours: the engine's
            node.sql("COMMIT");
        }
    }

    @Test
    void startCredentialsAreKeptInMemoryAndWipedByStop() throws Exception {
        try (LogCapture log = LogCapture.open(); GrNode node = new GrNode(1)) {
            node.configure(UUID.randomUUID().toString(), "", "127.0.0.1", "DISABLED");
            node.sql("SET GLOBAL group_replication_bootstrap_group = ON");
            node.sql("START GROUP_REPLICATION DEFAULT_AUTH='caching_sha2_password', PASSWORD='Recovery-Secret-9', USER='rpl'");
            node.sql("SET GLOBAL group_replication_bootstrap_group = OFF");
            RecoveryCredentials c = node.plugin.startCredentials().orElseThrow();
            assertThat(c.user()).contains("rpl");
            assertThat(new String(c.password().orElseThrow())).isEqualTo("Recovery-Secret-9");
            assertThat(c.toString()).doesNotContain("Recovery-Secret-9");
            assertThat(node.states()).containsExactly("ONLINE");
            assertError(() -> node.sql("START GROUP_REPLICATION"), 3093);
            node.sql("STOP GROUP_REPLICATION");
            assertThat(c.wiped()).isTrue();
            assertThat(c.password()).isEmpty();
            assertThat(node.plugin.startCredentials()).isEmpty();
            assertThat(log.lines()).noneMatch(l -> l.contains("Recovery-Secret-9"));
        }
    }

    @Test
    void configurationErrorsAtStart() throws Exception {
        try (LogCapture log = LogCapture.open(); GrNode node = new GrNode(1)) {
            assertError(() -> node.sql("START GROUP_REPLICATION"), 3092);
            assertThat(log.linesContaining("The group_replication_group_name option is mandatory")).hasSize(1);

            node.configure(UUID.randomUUID().toString(), "127.0.0.2:3", "127.0.0.1", "DISABLED");
            // a bad entry that arrived through the options file: 3096 and MySQL's three lines
            node.vars.applyStartupValue("group_replication_ip_allowlist", "127.0.0.1,10.0.0.300/8");
            assertError(() -> node.sql("START GROUP_REPLICATION"), 3096);
            assertThat(log.linesContaining("[GCS] Invalid IP or subnet mask in the allowlist: 10.0.0.300/8")).hasSize(1);
            assertThat(log.linesContaining("Unable to initialize the group communication engine")).hasSize(1);
            assertThat(log.linesContaining("Error on group communication engine initialization")).hasSize(1);
            node.vars.applyStartupValue("group_replication_ip_allowlist", "AUTOMATIC,127.0.0.1");
            assertError(() -> node.sql("START GROUP_REPLICATION"), 3092);
            node.sql("SET GLOBAL group_replication_ip_allowlist = '127.0.0.1'");

            // local address not on an up interface (TEST-NET-1; nothing is sent)
            node.sql("SET GLOBAL group_replication_local_address = '192.0.2.1:33061'");
            assertError(() -> node.sql("START GROUP_REPLICATION"), 3092);
            assertThat(log.linesContaining("There is no local IP address matching the one configured for the local node "
                    + "(192.0.2.1:33061).")).hasSize(1);
            node.sql("SET GLOBAL group_replication_local_address = '" + node.localAddress() + "'");

            // seeds only of the other family (spec §3.7)
            node.sql("SET GLOBAL group_replication_group_seeds = '[::1]:33061'");
            assertError(() -> node.sql("START GROUP_REPLICATION"), 3092);
            assertThat(log.linesContaining("is of the address family of the local address")).hasSize(1);

            // a seed nobody answers at: join failure, never a group of its own
            node.sql("SET GLOBAL group_replication_group_seeds = '127.0.0.2:" + GrNode.freePort("127.0.0.2") + "'");
            assertError(() -> node.sql("START GROUP_REPLICATION"), 3092);
            assertThat(log.linesContaining("[GCS] The member was unable to join the group.")).isNotEmpty();
            assertThat(node.states()).containsExactly("OFFLINE");
        }
    }

    @Test
    void groupVariablesCannotBeSetWhileStartRuns() throws Exception {
        CountDownLatch scanning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NetworkInterfaces slowScan = () -> {
            scanning.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return NetworkInterfaces.jdk().list();
        };
        Hooks hooks = Hooks.defaults().withTuning(GrNode.FAST).withInterfaces(slowScan);
        try (GrNode node = new GrNode(1, hooks); Session other = node.session("root")) {
            node.configure(UUID.randomUUID().toString(), "", "AUTOMATIC", "DISABLED");
            node.sql("SET GLOBAL group_replication_bootstrap_group = ON");
            CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
                try {
                    node.sql("START GROUP_REPLICATION");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(scanning.await(20, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> other.execute("SET GLOBAL group_replication_ssl_mode = 'REQUIRED'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3724))
                    .hasMessage("This option cannot be set while START or STOP GROUP_REPLICATION is ongoing.");
            assertThat(other.execute("SELECT @@group_replication_ssl_mode")).isNotNull();
            release.countDown();
            start.get(30, TimeUnit.SECONDS);
            other.execute("SET GLOBAL group_replication_bootstrap_group = OFF");
            assertThat(node.states()).containsExactly("ONLINE");
        }
    }
}
