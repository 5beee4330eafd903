package io.jgr.gcs;

/**
 * Where this member's broadcasts wait while it takes the lead ({@link Group#lead}): a Raft leader that steps down fails
 * the messages it has not committed, and a session whose message failed gives its client an error although the group
 * may still order the transaction. Open, the gate costs a broadcast one volatile read.
 */
final class SendGate {
    private volatile boolean closed;
    private long until; // System.nanoTime() after which a closed gate lets broadcasts through anyway; guarded by this

    /** Broadcasts wait from now on until {@link #open}, or for {@code maxNanos} at most. */
    synchronized void close(long maxNanos) {
        until = System.nanoTime() + maxNanos;
        closed = true;
    }

    synchronized void open() {
        closed = false;
        notifyAll();
    }

    /** A broadcast passes: at once when open, else when opened or when the gate's time is up. */
    void pass() throws InterruptedException {
        if (!closed) {
            return;
        }
        synchronized (this) {
            long left;
            while (closed && (left = until - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000L));
            }
        }
    }
}
