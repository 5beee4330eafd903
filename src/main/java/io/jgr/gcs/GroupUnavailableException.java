package io.jgr.gcs;

/**
 * This member cannot commit: it does not reach a majority of the group's voters, no leader is elected
 * yet, or it is not (or no longer) in a group. The message names the cause.
 */
public final class GroupUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean leaderChanged;

    public GroupUnavailableException(String message) {
        this(message, null, false);
    }

    public GroupUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    GroupUnavailableException(String message, Throwable cause, boolean leaderChanged) {
        super(message, cause);
        this.leaderChanged = leaderChanged;
    }

    /**
     * Whether the message failed because the member that was to order it was not, or stopped being, the group's
     * leader: it may have been refused before it reached any log, or appended and then lost or kept by the next
     * leader. Its delivery, not this failure, says which: a later message ordered by a leader that is not the old
     * one comes after it if it is ever delivered (Raft's log matching).
     */
    public boolean leaderChanged() {
        return leaderChanged;
    }

    /** Whether {@code error}, or its cause, is a {@link #leaderChanged()} failure. */
    public static boolean leaderChanged(Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof GroupUnavailableException g && g.leaderChanged();
    }
}
