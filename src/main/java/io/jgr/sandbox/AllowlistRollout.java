package io.jgr.sandbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jgr allowlist set}: the new list validated by the allowlist engine (SET semantics, the
 * server's error), the addresses it would shut out among the current members and seeds, then
 * {@code SET GLOBAL group_replication_ip_allowlist} on every member (live, jgr decision 2).
 */
public final class AllowlistRollout {
    private AllowlistRollout() {
    }

    /** Address → what it is ("member2's group_replication_local_address 127.0.0.2:13402", "seed …"). */
    public static Map<String, List<String>> currentAddresses(MemberSql sql, List<StatusReader.Endpoint> members) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (StatusReader.Endpoint e : members) {
            try (Connection c = sql.connect(e.host(), e.port())) {
                String local = MemberSql.scalar(c, "SELECT @@group_replication_local_address");
                if (local != null && !local.isBlank()) {
                    roles.computeIfAbsent(MemberSetup.host(local), k -> new ArrayList<>())
                            .add("group_replication_local_address " + local.trim());
                }
                String seeds = MemberSql.scalar(c, "SELECT @@group_replication_group_seeds");
                for (String seed : seeds == null ? new String[0] : seeds.split(",")) {
                    if (!seed.isBlank()) {
                        roles.computeIfAbsent(MemberSetup.host(seed), k -> new ArrayList<>())
                                .add("seed " + seed.trim() + " (group_replication_group_seeds)");
                    }
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT MEMBER_HOST, MEMBER_STATE FROM performance_schema.replication_group_members")) {
                    while (rs.next()) {
                        roles.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add("current member (" + rs.getString(2) + ")");
                    }
                }
            } catch (SQLException ex) {
                roles.computeIfAbsent(e.host(), k -> new ArrayList<>()).add("member at " + e + " (not reachable: " + ex.getMessage() + ")");
            }
        }
        roles.replaceAll((k, v) -> v.stream().distinct().toList());
        return roles;
    }

    /**
     * The addresses among {@code addresses} the list would refuse, each with what it is.
     * @throws SQLException the server's error for an invalid list (nothing is changed)
     */
    public static List<String> shutOut(String list, Map<String, List<String>> addresses) throws SQLException {
        AllowlistJudge judge = new AllowlistJudge(list);   // SET semantics: 3092 for any bad entry
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> a : addresses.entrySet()) {
            if (judge.refuses(a.getKey())) {
                out.add(a.getKey() + ": " + String.join("; ", a.getValue()));
            }
        }
        return out;
    }

    /** {@code SET GLOBAL group_replication_ip_allowlist} on each member, in order. */
    public static void apply(MemberSql sql, List<StatusReader.Endpoint> members, String list) throws SQLException {
        String quoted = "'" + list.replace("\\", "\\\\").replace("'", "''") + "'";
        for (StatusReader.Endpoint e : members) {
            try (Connection c = sql.connect(e.host(), e.port()); Statement s = c.createStatement()) {
                s.execute("SET GLOBAL group_replication_ip_allowlist = " + quoted);
            }
        }
    }
}
