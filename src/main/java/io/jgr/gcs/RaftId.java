package io.jgr.gcs;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Raft ids are {@code <server_uuid>#<incarnation>}: every start of a member is a new Raft node, because
 * the log is in memory and a restarted node must not reuse the term/vote/log of its previous life
 * (pitfall 12). The old incarnation is removed from the voting set when the new one comes.
 */
record RaftId(UUID memberId, String incarnation) {
    private static final char SEPARATOR = '#';

    static String of(UUID memberId, String incarnation) {
        return memberId + String.valueOf(SEPARATOR) + incarnation;
    }

    /** A fresh incarnation: start time in ms plus a random suffix, so two quick restarts differ too. */
    static String newIncarnation() {
        return Long.toString(System.currentTimeMillis(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    /** Parses a Raft id; null when it is not one of ours. */
    static RaftId parse(String raftId) {
        if (raftId == null) {
            return null;
        }
        int at = raftId.indexOf(SEPARATOR);
        if (at <= 0 || at == raftId.length() - 1) {
            return null;
        }
        try {
            return new RaftId(UUID.fromString(raftId.substring(0, at)), raftId.substring(at + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return of(memberId, incarnation);
    }
}
