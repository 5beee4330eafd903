package io.jgr.server;

import io.jgr.perimeter.tls.ClientPortTls;
import io.jgr.perimeter.tls.GroupTls;
import io.jgr.server.config.ServerConfig;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.protocol.MySqlServer;
import io.jgr.store.H2Engine;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link MemberPlugin} gets from the running member.
 *
 * @param groupTls the group's running TLS, set by Group Replication while it runs (null otherwise),
 *                 so that ALTER INSTANCE RELOAD TLS reloads the client port and the group together
 *                 or neither (jgr decision 9)
 * @param shutdown an orderly shutdown of the whole member, for a plugin that must end it (Group Replication's
 *                 exit_state_action ABORT_SERVER); returns at once, the shutdown runs on a thread of its own
 */
public record MemberContext(ServerConfig config, H2Engine engine, MySqlServer sqlServer, ClientPortTls clientTls,
                            AtomicReference<GroupTls> groupTls, Runnable shutdown) {

    public SystemVariables variables() {
        return config.variables();
    }

    /** The SQL port actually bound (the option may say 0). */
    public int sqlPort() {
        return sqlServer.port();
    }
}
