package io.jgr.replication;

import java.util.UUID;

/** GTID text: every group transaction is {@code group_name:N}, N counted in delivery order from 1. */
public final class Gtids {
    private Gtids() {
    }

    public static String gtid(UUID group, long n) {
        return group + ":" + n;
    }

    /** The set {@code group:1-n} as {@code @@gtid_executed} shows it ("" when empty). */
    public static String executed(UUID group, long n) {
        if (n <= 0) {
            return "";
        }
        return n == 1 ? group + ":1" : group + ":1-" + n;
    }
}
