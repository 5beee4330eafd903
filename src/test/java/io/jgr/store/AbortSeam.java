package io.jgr.store;

import io.jgr.sql.engine.Session;

/** For replication tests: pauses inside a session's abort by the applier or inside its rollback. */
public final class AbortSeam {
    private AbortSeam() {
    }

    public static void pauseAfterAbortDecision(Session session, Runnable pause) {
        ((H2Session) session).afterAbortDecision = pause;
    }

    /** Runs {@code pause} right after H2 rolled the session's transaction back, before the rollback gate opens. */
    public static void pauseAfterRollback(Session session, Runnable pause) {
        ((H2Session) session).afterRollback = pause;
    }
}
