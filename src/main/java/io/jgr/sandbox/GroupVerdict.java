package io.jgr.sandbox;

import java.util.List;

/**
 * The one-line verdict under the status table, in the spirit of MySQL Shell's
 * {@code cluster.status()}: how many failures the group can tolerate, or that it has no quorum,
 * as seen from the member the status was read on. Pure: states in, sentence out.
 */
public final class GroupVerdict {
    private static final String[] WORDS = {"ZERO", "ONE", "TWO", "THREE", "FOUR"};

    private GroupVerdict() {
    }

    /**
     * @param viewpoint the member the view was read on ({@code host:port})
     * @param ownState  that member's own state
     * @param states    the states of every member in its view (its own included)
     */
    public static String of(String viewpoint, String ownState, List<String> states) {
        if (!"ONLINE".equals(ownState)) {
            return "Group Replication is " + ownState + " on " + viewpoint + ": it sees no group (connect to an ONLINE member).";
        }
        int total = states.size();
        long online = states.stream().filter("ONLINE"::equals).count();
        long notActive = total - online;
        String tail = notActive == 0 ? "" : " " + notActive + (notActive == 1 ? " member is" : " members are") + " not ONLINE.";
        if (online * 2 <= total) {
            return "Group has no quorum as seen from " + viewpoint + ": nothing can be committed." + tail;
        }
        long tolerate = online - total / 2 - 1;
        if (tolerate <= 0) {
            return "Group is ONLINE but cannot tolerate any failure." + tail;
        }
        String n = tolerate < WORDS.length ? WORDS[(int) tolerate] : Long.toString(tolerate);
        return "Group is ONLINE and can tolerate up to " + n + (tolerate == 1 ? " failure." : " failures.") + tail;
    }

    /** True when the verdict is a healthy group (the exit status of {@code jgr status}). */
    public static boolean hasQuorum(String ownState, List<String> states) {
        long online = states.stream().filter("ONLINE"::equals).count();
        return "ONLINE".equals(ownState) && online * 2 > states.size();
    }
}
