package io.jgr.replication;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local transaction waiting at COMMIT for its verdict. Exactly one of two things happens: the
 * delivery side decides it, or the session gives up (broadcast failed, timeout) and abandons it —
 * after which the delivery side treats the transaction, if the group did deliver it, as a remote
 * one and applies its row images itself.
 */
final class PendingCommit {
    private enum State { WAITING, DECIDED, ABANDONED }

    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
    private final CountDownLatch decided = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Certifier.Verdict verdict;
    private volatile long groupIndex;
    private volatile boolean committed;

    boolean decide(Certifier.Verdict v, long index) {
        if (state.compareAndSet(State.WAITING, State.DECIDED)) {
            verdict = v;
            groupIndex = index;
            decided.countDown();
            return true;
        }
        return false;
    }

    boolean abandon() {
        return state.compareAndSet(State.WAITING, State.ABANDONED);
    }

    /** The verdict, or null if none came in time. */
    Certifier.Verdict await(long timeoutMs) throws InterruptedException {
        return decided.await(timeoutMs, TimeUnit.MILLISECONDS) ? verdict : null;
    }

    long groupIndex() {
        return groupIndex;
    }

    /** The session has committed (or failed to commit) the positive transaction. */
    void finish(boolean ok) {
        committed = ok;
        finished.countDown();
    }

    /** Waits for {@link #finish}; true if the session committed the data. */
    boolean awaitFinished(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS) && committed;
    }
}
