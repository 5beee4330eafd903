package io.jgr.replication;

/**
 * What each group_replication_consistency value asks of a transaction, in one place: BEFORE and BEFORE_AND_AFTER wait
 * before it begins (a sync point through the group's log), AFTER and BEFORE_AND_AFTER wait at its commit until every
 * member applied it ({@link AfterConsistency}). EVENTUAL and BEFORE_ON_PRIMARY_FAILOVER do neither. On a newly elected
 * primary still applying its backlog, BEFORE_ON_PRIMARY_FAILOVER and AFTER wait for it ({@link PrimaryFailoverHold});
 * BEFORE and BEFORE_AND_AFTER need not, their sync point being ordered after the election. The three levels that
 * wait for other members are refused on a member that is not ONLINE (3796), as MySQL's.
 */
final class ConsistencyLevel {
    private ConsistencyLevel() {
    }

    static boolean waitsBefore(String level) {
        return "BEFORE".equals(level) || "BEFORE_AND_AFTER".equals(level);
    }

    static boolean waitsAfter(String level) {
        return "AFTER".equals(level) || "BEFORE_AND_AFTER".equals(level);
    }

    static boolean holdsOnPrimaryFailover(String level) {
        return "BEFORE_ON_PRIMARY_FAILOVER".equals(level) || "AFTER".equals(level);
    }

    static boolean needsOnlineMember(String level) {
        return waitsBefore(level) || waitsAfter(level);
    }
}
