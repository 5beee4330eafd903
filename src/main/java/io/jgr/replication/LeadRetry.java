package io.jgr.replication;

import java.time.Duration;

/**
 * When a single-primary group's primary that does not lead the group's log asks for the lead again: {@link #FIRST}
 * after it was first seen not leading (a vote of its own failed, or a later vote elected another member; the group's
 * own vote on a view change has that long to settle), then at doubling intervals up to {@link #LONGEST}. Every vote
 * moves the group's term and leaves it without a leader for a moment, so a primary that cannot win must not call one
 * every second. Leading starts over.
 */
final class LeadRetry {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofSeconds(32);

    private long wait = FIRST.toNanos();
    private long next = Long.MAX_VALUE; // not seen without the lead since it last led

    /** The primary does not lead at {@code now} (System.nanoTime): whether to ask for a vote now. */
    synchronized boolean due(long now) {
        if (next == Long.MAX_VALUE) {
            next = now + wait;
            return false;
        }
        return now - next >= 0;
    }

    /** A vote failed at {@code now}; returns whether it is the first failure since the last success (worth a log line). */
    synchronized boolean failed(long now) {
        boolean first = wait == FIRST.toNanos(); // every failure doubles the wait
        next = now + wait;
        wait = Math.min(wait * 2, LONGEST.toNanos());
        return first;
    }

    /** The primary leads (or is no longer primary): nothing to retry. */
    synchronized void settled() {
        wait = FIRST.toNanos();
        next = Long.MAX_VALUE;
    }
}
