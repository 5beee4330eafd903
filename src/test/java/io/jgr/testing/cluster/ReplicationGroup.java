package io.jgr.testing.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link Cluster} whose members run Group Replication (the plugin loaded, start on boot off):
 * configures the members, bootstraps the first, starts the others, and answers the questions the
 * replication tests ask (who is primary, a table's checksum, a GTID set) through Connector/J.
 */
public final class ReplicationGroup {
    private final Cluster cluster;
    private final List<String> addresses = new ArrayList<>();

    private ReplicationGroup(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Writes the GR options of every member of {@code cluster} (one group, seeds = every member, allowlist =
     * the members' addresses, fast failure detection) and starts the processes; GR is not started yet.
     */
    public static ReplicationGroup configure(Cluster cluster, String sslMode, boolean singlePrimary) {
        ReplicationGroup g = new ReplicationGroup(cluster);
        String group = UUID.randomUUID().toString();
        List<String> ips = new ArrayList<>();
        for (MemberProcess m : cluster.members()) {
            g.addresses.add(m.ip() + ":" + freePort(m.ip()));
            ips.add(m.ip());
        }
        for (int i = 0; i < cluster.members().size(); i++) {
            cluster.members().get(i).option("plugin_load_add", "group_replication.so")
                    .option("group_replication_group_name", group)
                    .option("group_replication_local_address", g.addresses.get(i))
                    .option("group_replication_group_seeds", String.join(",", g.addresses))
                    .option("group_replication_ip_allowlist", String.join(",", ips))
                    .option("group_replication_ssl_mode", sslMode)
                    .option("group_replication_member_expel_timeout", "1")
                    .option("group_replication_single_primary_mode", singlePrimary ? "ON" : "OFF")
                    .option("group_replication_enforce_update_everywhere_checks", singlePrimary ? "OFF" : "ON")
                    .option("group_replication_start_on_boot", "OFF")
                    .jvmOption("-Xmx384m").jvmOption("-XX:TieredStopAtLevel=1")
                    .jvmOption("-Djgr.gr.suspectTimeoutMs=1000").jvmOption("-Djgr.gr.verifyTimeoutMs=500");
        }
        for (MemberProcess m : cluster.members()) {
            m.start();
        }
        return g;
    }

    /** Bootstraps member 1, starts the others, waits until every member sees all ONLINE. */
    public ReplicationGroup startGroup() throws SQLException {
        MemberProcess first = cluster.member(1);
        exec(first, "SET GLOBAL group_replication_bootstrap_group = ON");
        exec(first, "START GROUP_REPLICATION");
        exec(first, "SET GLOBAL group_replication_bootstrap_group = OFF");
        for (MemberProcess m : cluster.members().subList(1, cluster.members().size())) {
            exec(m, "START GROUP_REPLICATION");
        }
        for (MemberProcess m : cluster.members()) {
            awaitOnline(m, cluster.members().size());
        }
        return this;
    }

    public Cluster cluster() {
        return cluster;
    }

    /** Waits (bounded) until {@code m} reports {@code count} ONLINE members. */
    public static void awaitOnline(MemberProcess m, int count) {
        awaitOnline(m, count, Duration.ofSeconds(90));
    }

    /** Waits up to {@code limit} until {@code m} reports {@code count} ONLINE members. */
    public static void awaitOnline(MemberProcess m, int count, Duration limit) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> query(m, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members")
                            .stream().filter("ONLINE"::equals).count() == count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the member's own account of why, or the run leaves nothing to diagnose (datadirs are removed)
            throw new AssertionError(m.name() + " did not see " + count + " ONLINE members within " + limit
                    + "; the last lines of its error log:\n" + m.errorLogTail(60), e);
        }
    }

    /** The member {@code asSeenBy} reports as PRIMARY, if any (single-primary mode). */
    public Optional<MemberProcess> primary(MemberProcess asSeenBy) throws SQLException {
        List<String> ids = query(asSeenBy, "SELECT MEMBER_ID FROM performance_schema.replication_group_members "
                + "WHERE MEMBER_ROLE = 'PRIMARY' AND MEMBER_STATE = 'ONLINE'");
        if (ids.size() != 1) {
            return Optional.empty();
        }
        for (MemberProcess m : cluster.members()) {
            if (m.alive() && ids.get(0).equals(serverUuid(m))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public static String serverUuid(MemberProcess m) throws SQLException {
        return query(m, "SELECT @@server_uuid").get(0);
    }

    /** Waits (bounded) until every given member has the same @@gtid_executed; returns it. */
    public static String awaitSameGtids(List<MemberProcess> members) {
        String[] last = new String[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            List<String> sets = new ArrayList<>();
            for (MemberProcess m : members) {
                sets.add(query(m, "SELECT @@gtid_executed").get(0));
            }
            last[0] = sets.get(0);
            return sets.stream().distinct().count() == 1 && !last[0].isEmpty();
        });
        return last[0];
    }

    /** SHA-256 over every row of {@code table} in primary-key order (the first column): the table's checksum. */
    public static String checksum(MemberProcess m, String table) throws SQLException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = m.connectRoot(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    d.update(String.valueOf(rs.getString(i)).getBytes(StandardCharsets.UTF_8));
                    d.update((byte) 0);
                }
                d.update((byte) '\n');
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    public static void exec(MemberProcess m, String sql) throws SQLException {
        m.execRoot(sql);
    }

    public static List<String> query(MemberProcess m, String sql) throws SQLException {
        return m.queryRoot(sql);
    }

    static int freePort(String ip) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
