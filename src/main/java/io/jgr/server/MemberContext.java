package io.jgr.server;

import io.jgr.perimeter.tls.ClientPortTls;
import io.jgr.server.config.ServerConfig;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.protocol.MySqlServer;
import io.jgr.store.H2Engine;

/** What a {@link MemberPlugin} gets from the running member. */
public record MemberContext(ServerConfig config, H2Engine engine, MySqlServer sqlServer, ClientPortTls clientTls) {

    public SystemVariables variables() {
        return config.variables();
    }

    /** The SQL port actually bound (the option may say 0). */
    public int sqlPort() {
        return sqlServer.port();
    }
}
