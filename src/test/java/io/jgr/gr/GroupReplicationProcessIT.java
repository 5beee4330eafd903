package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.gcs.RawProbe;
import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Real member processes (the harness) with the plugin loaded, driven through Connector/J: formation
 * under VERIFY_IDENTITY, a raw probe from a refused source, a fourth member refused by every seed and
 * then admitted by a live allowlist change, kill -9 of one member (UNREACHABLE, then expelled, majority
 * kept) and of a second (the survivor loses the majority and says so).
 */
class GroupReplicationProcessIT {
    static final String ALLOWLIST = "127.0.0.1,127.0.0.2,127.0.0.3";

    @Test
    void threeProcessesProbeAndCrashes() throws Exception {
        String group = UUID.randomUUID().toString();
        try (Cluster cluster = Cluster.create(4)) {
            List<String> addresses = new ArrayList<>();
            for (MemberProcess m : cluster.members()) {
                addresses.add(m.ip() + ":" + GrNode.freePort(m.ip()));
            }
            for (int i = 0; i < 4; i++) {
                MemberProcess m = cluster.members().get(i);
                m.option("plugin_load_add", "group_replication.so")
                        .option("group_replication_group_name", group)
                        .option("group_replication_local_address", addresses.get(i))
                        .option("group_replication_group_seeds", String.join(",", addresses.subList(0, 3)))
                        .option("group_replication_ip_allowlist", ALLOWLIST)
                        .option("group_replication_ssl_mode", "VERIFY_IDENTITY")
                        .option("group_replication_member_expel_timeout", "1")
                        .option("group_replication_bootstrap_group", i == 0 ? "ON" : "OFF")
                        .option("group_replication_start_on_boot", "OFF")
                        .jvmOption("-Djgr.gr.suspectTimeoutMs=1000").jvmOption("-Djgr.gr.verifyTimeoutMs=500");
                m.start();
            }
            MemberProcess first = cluster.member(1);
            exec(first, "START GROUP_REPLICATION");
            exec(first, "SET GLOBAL group_replication_bootstrap_group = OFF");
            exec(cluster.member(2), "START GROUP_REPLICATION USER='rpl', PASSWORD='Start-Secret-77'");
            exec(cluster.member(3), "START GROUP_REPLICATION");
            for (MemberProcess m : cluster.members().subList(0, 3)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> count(m, "ONLINE") == 3);
            }
            assertThat(first.errorLogLines()).anyMatch(l -> l.contains(
                    "Group communication SSL configuration: group_replication_ssl_mode: \"VERIFY_IDENTITY\""));
            // START credentials never reach a log (the general log masks them as MySQL does)
            assertThat(cluster.member(2).generalLogLines()).anyMatch(l -> l.contains("START GROUP_REPLICATION USER='rpl'"));
            assertThat(cluster.member(2).generalLogLines()).noneMatch(l -> l.contains("Start-Secret-77"));
            assertThat(cluster.member(2).errorLogLines()).noneMatch(l -> l.contains("Start-Secret-77"));

            // a raw TCP probe from 127.0.0.4: reset, zero bytes, counted and logged
            InetSocketAddress groupPort = GroupSettings.parseEndpoint(addresses.get(0));
            assertThat(RawProbe.from(InetAddress.getByName("127.0.0.4"), groupPort))
                    .isEqualTo(RawProbe.Outcome.RESET_ZERO_BYTES);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.errorLogLines().stream().anyMatch(l -> l.contains(
                    "[GCS] Connection attempt from IP address ::ffff:127.0.0.4 refused. Address is not in the IP allowlist.")));
            assertThat(query(first, "SELECT REFUSALS FROM performance_schema.jgr_allowlist_refusals "
                    + "WHERE SOURCE_ADDRESS = '127.0.0.4'")).containsExactly("1");

            // a fourth member on 127.0.0.4, not in the allowlist: every seed refuses it, START fails with 3092
            MemberProcess fourth = cluster.member(4);
            assertThatThrownBy(() -> exec(fourth, "START GROUP_REPLICATION"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3092));
            for (MemberProcess seed : cluster.members().subList(0, 3)) {
                assertThat(seed.errorLogLines()).as(seed.name()).anyMatch(l -> l.contains(
                        "[GCS] Connection attempt from IP address ::ffff:127.0.0.4 refused. Address is not in the IP allowlist."));
            }
            assertThat(fourth.errorLogLines()).anyMatch(l -> l.contains("[GCS] Error connecting to all peers. Member join failed."));
            assertThat(Long.parseLong(status(first, "Jgr_allowlist_refused_connections"))).isGreaterThan(1);
            // the running members admit it live; it joins; then it leaves again (STOP: the others report it gone)
            for (MemberProcess seed : cluster.members().subList(0, 3)) {
                exec(seed, "SET GLOBAL group_replication_ip_allowlist = '" + ALLOWLIST + ",127.0.0.4'");
            }
            exec(fourth, "START GROUP_REPLICATION");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(first, "ONLINE") == 4 && count(fourth, "ONLINE") == 4);
            exec(fourth, "STOP GROUP_REPLICATION");
            await().atMost(Duration.ofSeconds(30)).until(() -> count(first, "ONLINE") == 3);
            assertThat(query(fourth, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members"))
                    .containsExactly("OFFLINE");

            // a table written through the group (on whichever member is the primary; secondaries refuse)
            createOnThePrimary(cluster.members().subList(0, 3), "CREATE DATABASE IF NOT EXISTS gp", "CREATE TABLE IF NOT EXISTS gp.t (id INT PRIMARY KEY)");

            // kill -9 of one: UNREACHABLE on the others, then expelled; the majority is kept
            cluster.member(3).kill9();
            await().atMost(Duration.ofSeconds(30)).until(() -> count(first, "UNREACHABLE") == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> query(first,
                    "SELECT MEMBER_STATE FROM performance_schema.replication_group_members").size() == 2);
            assertThat(count(first, "ONLINE")).isEqualTo(2);
            assertThat(status(first, "Jgr_group_replication_majority")).isEqualTo("ON");
            assertThat(first.errorLogLines()).anyMatch(l -> l.contains("Members removed from the group: " + addresses.get(2)));

            // kill -9 of a second: the survivor cannot reach a majority and says so
            cluster.member(2).kill9();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(first, "Jgr_group_replication_majority").equals("OFF"));
            assertThat(status(first, "Jgr_group_replication_write_block_reason"))
                    .contains("cannot reach a majority of the group: 1 of 2 voting members reachable");
            assertThat(first.errorLogLines()).anyMatch(l -> l.contains(
                    "This server is not able to reach a majority of members in the group. This server will now block all updates."));
            assertThat(count(first, "UNREACHABLE")).isEqualTo(1);
            // and it cannot commit: 3100 with the reason in its error log (or 1290 if it was a secondary)
            assertThatThrownBy(() -> exec(first, "INSERT INTO gp.t VALUES (1)"))
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getErrorCode()).as(e.getMessage()).isIn(3100, 1290));
            assertThat(query(first, "SELECT COUNT(*) FROM gp.t")).containsExactly("0");
        }
    }

    /** Runs the statements on the first member that takes writes (the single primary). */
    static void createOnThePrimary(List<MemberProcess> members, String... statements) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MemberProcess m : members) {
                try {
                    for (String sql : statements) {
                        exec(m, sql);
                    }
                    return true;
                } catch (SQLException refused) {
                    // a secondary (1290) or a statement already applied through the group: try the next
                }
            }
            return false;
        });
    }

    static void exec(MemberProcess m, String sql) throws SQLException {
        m.execRoot(sql);
    }

    static List<String> query(MemberProcess m, String sql) throws SQLException {
        return m.queryRoot(sql);
    }

    static long count(MemberProcess m, String state) throws SQLException {
        return query(m, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members").stream()
                .filter(state::equals).count();
    }

    static String status(MemberProcess m, String name) throws SQLException {
        try (Connection c = m.connectRoot(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW STATUS LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : "";
        }
    }
}
