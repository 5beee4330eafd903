package io.jgr.server;

/**
 * A component that runs inside a member after its SQL server is up, such as Group Replication.
 * {@link MemberServer} starts plugins in list order once clients can connect and stops them in
 * reverse order before the SQL server closes, so a plugin may use the engine and the client port
 * for its whole life. A plugin that fails to start is logged and the member keeps running without
 * it, as mysqld does with a plugin that fails to initialise.
 */
public interface MemberPlugin {

    /** The name used in log lines, e.g. {@code group_replication}. */
    String name();

    void start(MemberContext member) throws Exception;

    /** Stops the plugin; called once, also after a failed start. */
    void stop();
}
