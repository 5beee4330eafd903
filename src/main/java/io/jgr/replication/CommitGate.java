package io.jgr.replication;

/**
 * Where a primary's commits wait, for a moment, while it takes the lead of the group's log with commits of its own
 * otherwise in flight: a Raft leader that steps down fails the messages it has not committed, and a session whose
 * message failed gives its client an error although the group may still commit the transaction. Open, the gate costs
 * a commit one volatile read.
 */
final class CommitGate {
    private volatile boolean closed;

    /** New commits wait from now on until {@link #open}. */
    void close() {
        closed = true;
    }

    synchronized void open() {
        closed = false;
        notifyAll();
    }

    /** A commit passes: at once when open, else when opened or after {@code maxMillis}, whichever comes first. */
    void pass(long maxMillis) throws InterruptedException {
        if (!closed) {
            return;
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        synchronized (this) {
            long left;
            while (closed && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000L));
            }
        }
    }
}
