package io.jgr.gcs;

/**
 * This member cannot commit: it does not reach a majority of the group's voters, no leader is elected
 * yet, or it is not (or no longer) in a group. The message names the cause.
 */
public final class GroupUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GroupUnavailableException(String message) {
        super(message);
    }

    public GroupUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
