package io.jgr.gcs;

import java.util.concurrent.TimeUnit;

/** For tests outside this package: voting-set changes a running group makes only on a failure or a leave. */
public final class Voters {
    private Voters() {
    }

    /** Has the leader remove {@code removed} from the voting set, as an expel would, and waits for the commit. */
    public static void remove(Group through, Group removed) throws Exception {
        through.startChange(removed.raftId(), false).get(30, TimeUnit.SECONDS);
    }
}
