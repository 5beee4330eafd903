package io.jgr.gcs;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The replication layer's side of the group: every committed message, on every member, in log order.
 * Called on the engine's single apply thread: keep it short, never block on the group.
 */
public interface GroupStateMachine {

    /**
     * A committed message.
     *
     * @param index   its position among all messages the group ever delivered: 1, 2, 3 … on every member
     * @param payload the bytes given to {@link Group#broadcast(byte[])}; owned by the callee
     */
    void deliver(long index, byte[] payload);

    /** State a joiner needs instead of the log before the snapshot (ordering/certification state only). */
    default void writeSnapshot(DataOutput out) throws IOException {
    }

    /** Replaces the state with a snapshot written by {@link #writeSnapshot}. */
    default void readSnapshot(DataInput in) throws IOException {
    }
}
