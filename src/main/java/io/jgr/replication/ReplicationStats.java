package io.jgr.replication;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters behind {@code performance_schema.replication_group_member_stats} for this member;
 * {@link #snapshot} gives one consistent-enough row for the plugin to render.
 */
public final class ReplicationStats {
    final AtomicLong checked = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong remoteApplied = new AtomicLong();
    final AtomicLong localProposed = new AtomicLong();
    final AtomicLong localRollback = new AtomicLong();
    final AtomicLong localAborted = new AtomicLong();

    /**
     * One row of replication_group_member_stats (the columns this member can know).
     *
     * @param inQueue                        COUNT_TRANSACTIONS_IN_QUEUE (waiting for certification: 0, certified at delivery)
     * @param checked                        COUNT_TRANSACTIONS_CHECKED
     * @param conflicts                      COUNT_CONFLICTS_DETECTED
     * @param rowsValidating                 COUNT_TRANSACTIONS_ROWS_VALIDATING (certification index size)
     * @param lastConflictFree               LAST_CONFLICT_FREE_TRANSACTION (a GTID, or "")
     * @param applierQueue                   COUNT_TRANSACTIONS_REMOTE_IN_APPLIER_QUEUE
     * @param remoteApplied                  COUNT_TRANSACTIONS_REMOTE_APPLIED
     * @param localProposed                  COUNT_TRANSACTIONS_LOCAL_PROPOSED
     * @param localRollback                  COUNT_TRANSACTIONS_LOCAL_ROLLBACK
     * @param localAbortedByApplier          local transactions the applier rolled back (not a MySQL column; logged)
     * @param committedAllMembers            TRANSACTIONS_COMMITTED_ALL_MEMBERS (the stable GTID set)
     */
    public record Row(long inQueue, long checked, long conflicts, long rowsValidating, String lastConflictFree,
                      long applierQueue, long remoteApplied, long localProposed, long localRollback,
                      long localAbortedByApplier, String committedAllMembers) {
    }

    Row snapshot(long rowsValidating, String lastConflictFree, long applierQueue, String committedAllMembers) {
        return new Row(0, checked.get(), conflicts.get(), rowsValidating, lastConflictFree, applierQueue,
                remoteApplied.get(), localProposed.get(), localRollback.get(), localAborted.get(), committedAllMembers);
    }
}
