package io.jgr.replication;

import io.jgr.store.capture.RowChange;
import java.util.List;
import java.util.UUID;

/** What replication members say to each other through the group's ordered log. */
public sealed interface GroupMessage {

    /** A message that is certified and gets a GTID: a transaction or an account change. */
    sealed interface Certified extends GroupMessage {
        UUID origin();

        long localId();
    }

    /**
     * A transaction to certify: its write set, its row images (or one DDL statement), the last
     * group index its origin had applied when it committed (its snapshot), and who sent it. {@code after}:
     * committed with group_replication_consistency AFTER (its origin's COMMIT returns once every member applied
     * it, and members hold new transactions until they have).
     */
    record Transaction(UUID origin, long localId, long snapshot, long[] writeSet, List<RowChange> rows,
                       String ddl, String ddlSchema, boolean after) implements Certified {
        public Transaction(UUID origin, long localId, long snapshot, long[] writeSet, List<RowChange> rows,
                           String ddl, String ddlSchema) {
            this(origin, localId, snapshot, writeSet, rows, ddl, ddlSchema, false);
        }

        public boolean isDdl() {
            return ddl != null;
        }
    }

    /**
     * An account statement's effect: the new state of each account it changed (null: dropped),
     * with hashes only — the statement's text, which may hold a password, never travels.
     */
    record Accounts(UUID origin, long localId, List<AccountChange> changes) implements Certified {
    }

    /** One account after an account statement; {@code state} null when it was dropped. */
    record AccountChange(String user, String host, io.jgr.store.account.AccountStore.AccountState state) {
    }

    /**
     * A member's weight for primary elections and its SQL endpoint (a donor's MEMBER_HOST/MEMBER_PORT
     * for distributed recovery; "" and 0 when not known), sent when it starts replicating. A joiner's
     * own MemberInfo coming back to it marks the point where it joined (see {@code Replicator#joinPoint}).
     * {@code pipeline} names the announcing {@link Replicator} (random per START and per process): a restarted
     * member replaying the group's log meets its earlier incarnations' announcements (same server_uuid), which
     * must not be taken for its own join point. {@code executed} is the highest GTID number the announcing
     * member held when it announced: the first MemberInfo of a group's log, its bootstrapper's, sets where the
     * group's GTIDs continue (a group bootstrapped again after a full stop goes on from what its members hold).
     * {@code flags}: its mode settings ({@link ConfigurationFlags}); the first MemberInfo's are the group's.
     */
    record MemberInfo(UUID member, int weight, String sqlHost, int sqlPort, long pipeline, long executed, int flags)
            implements GroupMessage {
        public MemberInfo(UUID member, int weight) {
            this(member, weight, "", 0, 0, 0, ConfigurationFlags.SINGLE_PRIMARY_MODE);
        }
    }

    /** A proposal to make {@code candidate} primary, valid only if the primary is still {@code replacing} when it is delivered. */
    record Elect(UUID candidate, UUID replacing) implements GroupMessage {
    }

    /**
     * The group's mode from this point of its log (group_replication_switch_to_multi/single_primary_mode):
     * multi-primary ({@code primary} null), or single-primary with {@code primary}. Valid only if the group is
     * in the other mode when it is delivered.
     */
    record ModeSwitch(boolean multiPrimary, UUID primary) implements GroupMessage {
    }

    /**
     * A point of the group's log a session of {@code origin} waits for before its transaction begins
     * (group_replication_consistency BEFORE): once this member has applied through it, everything the group
     * ordered before the transaction is visible (MySQL's Sync_before_execution_message). Changes nothing.
     */
    record SyncPoint(UUID origin) implements GroupMessage {
    }

    /** {@code member} has applied the AFTER transaction {@code gtid} (MySQL's Transaction_prepared_message). */
    record Applied(UUID member, long gtid) implements GroupMessage {
    }

    /**
     * A member's progress, sent every flow-control period: drives flow control and the certification GC, and
     * carries its counters, which every member shows in its replication_group_member_stats (as MySQL's
     * Pipeline_stats_member_message).
     */
    record Stats(UUID member, long applied, long applierQueue, long certifierQueue, Counters counters) implements GroupMessage {
        /** Progress alone, as members before session 28 sent it. */
        Stats(UUID member, long applied, long applierQueue, long certifierQueue) {
            this(member, applied, applierQueue, certifierQueue, Counters.NONE);
        }
    }

    /**
     * A member's replication_group_member_stats counters. {@code lastConflictFree} is a GTID number of the group
     * (0: none yet). {@link #NONE} for a member that sent none (before session 28).
     */
    record Counters(long checked, long conflicts, long rowsValidating, long remoteApplied, long localProposed,
                    long localRollback, long lastConflictFree) {
        static final Counters NONE = new Counters(0, 0, 0, 0, 0, 0, 0);
    }

    /** A member left: stop waiting for its progress (GC) and its queue (flow control). */
    record Forget(UUID member) implements GroupMessage {
    }
}
