package io.jgr.gr;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One group action at a time from this member ({@code group_replication_set_as_primary}, the mode switches), as
 * MySQL's action coordinator allows: a second call while the first still waits is refused with 3910 "There is
 * already a configuration action being proposed locally. Wait for it to finish." instead of proposing a second
 * change whose wait could only time out once the two disagree.
 */
final class LocalActionSlot {
    private final AtomicBoolean taken = new AtomicBoolean();

    /** True when the caller now holds the slot and must {@link #release} it. */
    boolean take() {
        return taken.compareAndSet(false, true);
    }

    void release() {
        taken.set(false);
    }
}
