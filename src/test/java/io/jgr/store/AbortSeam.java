package io.jgr.store;

import io.jgr.sql.engine.Session;

/** For replication tests: runs {@code pause} on the applier's thread between its abort decision and its rollback. */
public final class AbortSeam {
    private AbortSeam() {
    }

    public static void pauseAfterAbortDecision(Session session, Runnable pause) {
        ((H2Session) session).afterAbortDecision = pause;
    }
}
