package io.jgr.replication;

import io.jgr.server.config.SystemVariables;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code @@gtid_executed}, the one place it is composed: the group's transactions ({@code group_name:1-n},
 * applied here) and this server's own, committed while it replicated with no group
 * ({@code server_uuid:1-m}, {@link OutsideGroupTransactions}). As MySQL shows a set of several UUIDs: sorted
 * by UUID, separated by {@code ",\n"}.
 */
public final class ExecutedGtids {
    private final SystemVariables vars;
    private UUID group;
    private long groupThrough;
    private UUID server;
    private long serverThrough;

    public ExecutedGtids(SystemVariables vars) {
        this.vars = vars;
    }

    /** Group transactions {@code 1..n} are applied here. */
    public synchronized void group(UUID groupName, long n) {
        group = groupName;
        groupThrough = n;
        publish();
    }

    /** This server's own transactions {@code 1..m} are committed here. */
    public synchronized void server(UUID serverUuid, long m) {
        server = serverUuid;
        serverThrough = m;
        publish();
    }

    /**
     * At startup, before any START: the group's transactions the log holds, under the configured group name
     * (MySQL shows gtid_executed at once; a DBA compares it across members to choose whom to bootstrap from).
     * Nothing when no valid group name is configured: a START with one shows it.
     */
    public void showLogged(java.sql.Connection c, String groupName) throws java.sql.SQLException {
        UUID name;
        try {
            name = groupName == null || groupName.isEmpty() ? null : UUID.fromString(groupName);
        } catch (IllegalArgumentException notAUuid) {
            name = null;
        }
        long last;
        try {
            last = TransactionLog.last(c);
        } finally {
            c.commit();
        }
        if (name != null && last > 0) {
            group(name, last);
        }
    }

    private void publish() {
        vars.setInternal("gtid_executed", text(group, groupThrough, server, serverThrough));
    }

    /** Two ranges starting at 1 as one GTID set's text ("" when both are empty). */
    public static String text(UUID a, long aThrough, UUID b, long bThrough) {
        TreeMap<UUID, Long> through = new TreeMap<>(java.util.Comparator.comparing(UUID::toString));
        if (a != null && aThrough > 0) {
            through.put(a, aThrough);
        }
        if (b != null && bThrough > 0) {
            through.merge(b, bThrough, Math::max);
        }
        StringJoiner text = new StringJoiner(",\n");
        through.forEach((uuid, n) -> text.add(Gtids.executed(uuid, n)));
        return text.toString();
    }
}
