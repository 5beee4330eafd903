package io.jgr.sandbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the group through Connector/J: {@code performance_schema.replication_group_members} on the
 * viewpoint member, then each member it can reach over SQL for its TLS mode, applied GTIDs and
 * (while RECOVERING) {@code performance_schema.group_replication_recovery_progress}.
 */
public final class StatusReader {
    /** A member's SQL endpoint, known from the sandbox layout when the table has no port. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private final MemberSql sql;
    private final Map<String, Endpoint> knownByGroupHost;

    public StatusReader(MemberSql sql, Map<String, Endpoint> knownByGroupHost) {
        this.sql = sql;
        this.knownByGroupHost = knownByGroupHost;
    }

    private record Row(String id, String host, Integer port, String state, String role) {
    }

    public GroupStatus read(Endpoint viewpoint) throws SQLException {
        List<Row> rows = new ArrayList<>();
        String ownId;
        String groupName;
        try (Connection c = sql.connect(viewpoint.host(), viewpoint.port())) {
            ownId = MemberSql.scalar(c, "SELECT @@server_uuid");
            groupName = MemberSql.scalar(c, "SELECT @@group_replication_group_name");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT MEMBER_ID, MEMBER_HOST, MEMBER_PORT, MEMBER_STATE, MEMBER_ROLE FROM performance_schema.replication_group_members")) {
                while (rs.next()) {
                    int port = rs.getInt(3);
                    Integer known = rs.wasNull() || port <= 0 ? null : port;
                    rows.add(new Row(rs.getString(1), rs.getString(2), known, rs.getString(4), rs.getString(5)));
                }
            }
        }
        List<MemberStatus> members = new ArrayList<>();
        List<String> states = new ArrayList<>();
        String ownState = "OFFLINE";
        for (Row r : rows) {
            Endpoint e = r.port() != null && r.id().equals(ownId) ? viewpoint
                    : r.port() != null ? new Endpoint(r.host(), r.port()) : knownByGroupHost.get(r.host());
            if (r.id().equals(ownId)) {
                ownState = r.state();
            }
            states.add(r.state());
            members.add(details(r, e));
        }
        long max = members.stream().mapToLong(m -> m.appliedGtids() == null ? -1 : GtidSets.count(m.appliedGtids())).max().orElse(-1);
        List<MemberStatus> withLag = new ArrayList<>();
        for (MemberStatus m : members) {
            long n = m.appliedGtids() == null ? -1 : GtidSets.count(m.appliedGtids());
            withLag.add(new MemberStatus(m.memberId(), m.endpoint(), m.state(), m.role(), m.tlsMode(), m.appliedGtids(),
                    n < 0 || max < 0 ? null : max - n, m.recoveryProgress()));
        }
        return new GroupStatus(viewpoint.toString(), groupName, withLag,
                GroupVerdict.of(viewpoint.toString(), ownState, states), GroupVerdict.hasQuorum(ownState, states));
    }

    private MemberStatus details(Row r, Endpoint e) {
        String endpoint = e == null ? r.host() + " (group address)" : e.toString();
        if (e == null || "UNREACHABLE".equals(r.state())) {
            return new MemberStatus(r.id(), endpoint, r.state(), r.role(), null, null, null, null);
        }
        try (Connection c = sql.connect(e.host(), e.port())) {
            String tls = optional(c, "SELECT @@group_replication_ssl_mode");
            String gtids = optional(c, "SELECT @@GLOBAL.gtid_executed");
            Double progress = "RECOVERING".equals(r.state()) ? progress(c) : null;
            return new MemberStatus(r.id(), endpoint, r.state(), r.role(), tls, gtids, null, progress);
        } catch (SQLException ex) {
            return new MemberStatus(r.id(), endpoint, r.state(), r.role(), null, null, null, null);
        }
    }

    /** Done/total of the recovery transfer (transactions, else bytes), if the server has the table. */
    private static Double progress(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT TRANSACTIONS_DONE, TRANSACTIONS_TOTAL, BYTES_DONE, BYTES_TOTAL FROM performance_schema.group_replication_recovery_progress")) {
            if (rs.next()) {
                long done = rs.getLong(1);
                long total = rs.getLong(2);
                if (total <= 0) {
                    done = rs.getLong(3);
                    total = rs.getLong(4);
                }
                return total > 0 ? Math.min(1.0, (double) done / total) : null;
            }
        } catch (SQLException e) {
            return null;   // no such table on this server: no bar
        }
        return null;
    }

    private static String optional(Connection c, String sql) {
        try {
            return MemberSql.scalar(c, sql);
        } catch (SQLException e) {
            return null;
        }
    }
}
