package io.jgr.replication;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.store.H2Engine;
import io.jgr.store.H2Session;
import io.jgr.store.capture.CapturedTransaction;
import io.jgr.store.capture.CommitHook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transactions this server commits while no group replicates them (Group Replication stopped or never
 * started; {@code sql_log_bin=0} ones excepted). MySQL gives each the GTID {@code server_uuid:N}, and a member
 * holding GTIDs the group lacks is refused when it joins, instead of joining with data the others never get.
 * jgr counts them atomically with their data, shows them in {@code @@gtid_executed} as {@code server_uuid:1-m},
 * and distributed recovery refuses a joiner that holds any the group does not know of
 * (docs/recovery.md, "Transactions outside the group").
 *
 * <p>The group knows of those this member held when it bootstrapped a group ({@link #acknowledge}): the group
 * began from its data. Nothing else adds to what the group knows: jgr's donors serve the group's transactions
 * only, so a joiner never receives another member's.
 *
 * <p>One row per writing connection, so concurrent commits never update the same row (H2's REPEATABLE READ
 * would fail the second); the rows are folded into one when the server starts.
 */
public final class OutsideGroupTransactions implements CommitHook {
    static final String TABLE = "jgr_internal.outside_group_transactions";
    /** The row of all connections of earlier runs. */
    private static final long FOLDED = 0;
    /** The row of how many the group knows of. */
    private static final long KNOWN_TO_GROUP = -1;

    private final H2Session internal;
    private final ExecutedGtids executed;
    private final UUID serverUuid;
    private final AtomicLong committed = new AtomicLong();
    private volatile long knownToGroup;

    private OutsideGroupTransactions(H2Session internal, ExecutedGtids executed, UUID serverUuid) {
        this.internal = internal;
        this.executed = executed;
        this.serverUuid = serverUuid;
    }

    /** Counts from now on every commit made while no group replicates (the engine's hook outside a group). */
    public static OutsideGroupTransactions install(H2Engine engine, ExecutedGtids executed, UUID serverUuid) throws SQLException {
        OutsideGroupTransactions t = new OutsideGroupTransactions(engine.openApplierSession(), executed, serverUuid);
        t.load();
        engine.setStandaloneCommitHook(t);
        return t;
    }

    private void load() throws SQLException {
        Connection c = internal.connection();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (writer BIGINT PRIMARY KEY, committed BIGINT NOT NULL)");
            long sum;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(committed), 0) FROM " + TABLE + " WHERE writer >= 0")) {
                rs.next();
                sum = rs.getLong(1);
            }
            s.execute("DELETE FROM " + TABLE + " WHERE writer > 0");
            s.execute("MERGE INTO " + TABLE + " (writer, committed) KEY (writer) VALUES (" + FOLDED + ", " + sum + ")");
            try (ResultSet rs = s.executeQuery("SELECT committed FROM " + TABLE + " WHERE writer = " + KNOWN_TO_GROUP)) {
                knownToGroup = rs.next() ? rs.getLong(1) : 0;
            }
            committed.set(sum);
        }
        c.commit();
        executed.server(serverUuid, committed.get());
    }

    @Override
    public void beforeCommit(CapturedTransaction tx) {
        throw new IllegalStateException("the engine calls beforeCommit(tx, connection)");
    }

    /** Counts the transaction in its own H2 transaction; a DDL or account statement has committed already. */
    @Override
    public void beforeCommit(CapturedTransaction tx, Connection conn) throws SQLException {
        if (!tx.isDdl()) {
            count(conn, tx.connectionId());
            return;
        }
        try {
            count(conn, tx.connectionId());
            conn.commit();
            counted();
        } catch (SQLException e) {
            ErrorLog.write(LogLevel.WARNING, "MY-010000", "Repl", "A statement committed outside the group was not counted in "
                    + "@@gtid_executed: " + e.getMessage());
            conn.rollback();
        }
    }

    @Override
    public void afterCommit(CapturedTransaction tx) {
        if (!tx.isDdl()) {
            counted();
        }
    }

    private static void count(Connection conn, long writer) throws SQLException {
        try (PreparedStatement up = conn.prepareStatement("UPDATE " + TABLE + " SET committed = committed + 1 WHERE writer = ?")) {
            up.setLong(1, writer);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement in = conn.prepareStatement("INSERT INTO " + TABLE + " (writer, committed) VALUES (?, 1)")) {
            in.setLong(1, writer);
            in.executeUpdate();
        }
    }

    private void counted() {
        synchronized (executed) {
            executed.server(serverUuid, committed.incrementAndGet());
        }
    }

    /** How many this server committed outside a group. */
    public long committed() {
        return committed.get();
    }

    /** How many of them the group knows of (this member bootstrapped it holding them). */
    public long knownToGroup() {
        return knownToGroup;
    }

    /** This member bootstraps a group: the group begins from its data, these transactions included. */
    public synchronized void acknowledge() throws SQLException {
        long now = committed.get();
        if (now == knownToGroup) {
            return;
        }
        Connection c = internal.connection();
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO " + TABLE + " (writer, committed) KEY (writer) VALUES (?, ?)")) {
            ps.setLong(1, KNOWN_TO_GROUP);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
        c.commit();
        ErrorLog.write(LogLevel.WARNING, "MY-010000", "Repl", "This member bootstraps the group holding transactions committed "
                + "outside a group (" + Gtids.executed(serverUuid, now) + "). Distributed recovery does not send them to "
                + "joining members: give each member the same data before it joins.");
        knownToGroup = now;
    }

    public UUID serverUuid() {
        return serverUuid;
    }
}
