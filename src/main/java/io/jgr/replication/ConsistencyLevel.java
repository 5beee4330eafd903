package io.jgr.replication;

/**
 * What each group_replication_consistency value asks of a transaction, in one place: BEFORE and BEFORE_AND_AFTER wait
 * before it begins (a sync point through the group's log), AFTER and BEFORE_AND_AFTER wait at its commit until every
 * member applied it ({@link AfterConsistency}). EVENTUAL and BEFORE_ON_PRIMARY_FAILOVER do neither.
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
}
