package io.jgr.server;

import java.util.List;

/**
 * The plugins every member runs, in start order. Group Replication (package {@code io.jgr.gr})
 * is added here.
 */
public final class MemberPlugins {
    private MemberPlugins() {
    }

    public static List<MemberPlugin> standard() {
        return List.of(new io.jgr.gr.GroupReplicationPlugin());
    }
}
