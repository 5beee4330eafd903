package io.jgr.replication;

import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * group_replication_consistency AFTER (and the AFTER half of BEFORE_AND_AFTER). A transaction committed with it
 * is flagged in its message. Every member that delivers it with a positive verdict holds new local transactions
 * (of any level) until it has applied it, then acknowledges it to the group ({@link GroupMessage.Applied}); the
 * origin's COMMIT returns once every ONLINE member has acknowledged it. So once that COMMIT returned, a read on any
 * member sees the transaction.
 *
 * <p>Difference from MySQL, whose members prepare the transaction, acknowledge, and commit it only once all have
 * prepared: here each member commits it when it applies it, so a read elsewhere that began before the origin's
 * COMMIT returned may already see it on one member and not yet on another.
 */
final class AfterConsistency {
    /** How long an AFTER commit waits at most for a member that stays ONLINE without acknowledging it. */
    static final long ACKNOWLEDGE_WAIT_CAP_MS = TimeUnit.HOURS.toMillis(1);

    /** AFTER transactions delivered here and not applied yet: acknowledged when they are. */
    private final NavigableSet<Long> toAcknowledge = new ConcurrentSkipListSet<>();
    /** This member's own AFTER transactions: the members that acknowledged each. */
    private final Map<Long, Set<UUID>> acknowledgements = new ConcurrentHashMap<>();
    /** The highest AFTER transaction delivered here (delivery thread only writes it). */
    private volatile long holdThrough;
    /** The highest GTID number applied here. */
    private volatile long applied;

    /** Delivery thread: a positive AFTER transaction, numbered {@code gtid}. */
    void delivered(long gtid, boolean own) {
        if (own) {
            acknowledgements.putIfAbsent(gtid, ConcurrentHashMap.newKeySet());
        }
        toAcknowledge.add(gtid);
        holdThrough = Math.max(holdThrough, gtid);
    }

    /** Delivery thread: {@code member} applied {@code gtid}. */
    void acknowledged(long gtid, UUID member) {
        Set<UUID> acked = acknowledgements.get(gtid);
        if (acked != null) {
            acked.add(member);
        }
    }

    /** Everything through {@code gtid} is applied here: the AFTER transactions to acknowledge now. */
    List<Long> appliedThrough(long gtid) {
        applied = Math.max(applied, gtid);
        if (toAcknowledge.isEmpty()) {
            return List.of();
        }
        List<Long> due = new ArrayList<>();
        for (Long g : toAcknowledge.headSet(gtid, true)) {
            if (toAcknowledge.remove(g)) {
                due.add(g);
            }
        }
        return due;
    }

    /**
     * Before a local transaction begins: while an AFTER transaction this member delivered is not applied here, it
     * waits (MySQL holds new transactions on every member until such a transaction committed there), at most the
     * session's wait_timeout, then 3798.
     */
    void holdWhilePending(LongSupplier waitTimeoutSeconds, BooleanSupplier running) throws SQLException {
        long hold = holdThrough;
        if (hold <= applied) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitTimeoutSeconds.getAsLong());
        try {
            while (applied < hold && running.getAsBoolean()) {
                if (System.nanoTime() - deadline > 0) {
                    throw MySqlError.ER_GRP_TRX_CONSISTENCY_AFTER_ON_TRX_BEGIN.exception();
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MySqlError.ER_GRP_TRX_CONSISTENCY_AFTER_ON_TRX_BEGIN.exception();
        }
    }

    /**
     * The origin, its transaction {@code gtid} committed here: waits until every member ONLINE now has acknowledged
     * it. A member that leaves the view meanwhile is no longer waited for; the wait ends too when Group Replication
     * stops, and after {@link #ACKNOWLEDGE_WAIT_CAP_MS}. The transaction is committed either way.
     */
    void awaitEveryMember(long gtid, Supplier<Set<UUID>> online, BooleanSupplier running) {
        Set<UUID> acked = acknowledgements.get(gtid);
        if (acked == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACKNOWLEDGE_WAIT_CAP_MS);
        try {
            while (running.getAsBoolean() && System.nanoTime() - deadline < 0 && !acked.containsAll(online.get())) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            acknowledgements.remove(gtid);
        }
    }

    /** Group Replication stopped: nothing is held or awaited any more. */
    void clear() {
        toAcknowledge.clear();
        acknowledgements.clear();
        holdThrough = 0;
    }
}
