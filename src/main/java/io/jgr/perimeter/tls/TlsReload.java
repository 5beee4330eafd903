package io.jgr.perimeter.tls;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code ALTER INSTANCE RELOAD TLS}: loads the client port's and the member mesh's new material
 * from the current option values, and installs both only if both load (jgr decision 9; MySQL
 * leaves a running group on its old context). On failure nothing changes and the statement gets
 * 3888 with the reason; MySQL's {@code NO ROLLBACK ON ERROR} (disable TLS on failure) is not offered.
 */
public final class TlsReload {
    private TlsReload() {
    }

    /** @param group the running group's TLS, or null when group replication is not running */
    public static void reload(Map<String, String> options, ClientPortTls clientPort, GroupTls group) throws SQLException {
        try {
            ClientPortTls.Prepared port = clientPort.prepare(options);
            GroupTls.Prepared mesh = group == null ? null : group.prepare(options);
            port.install();
            if (mesh != null) {
                mesh.install();
            }
        } catch (TlsConfigException e) {
            ErrorLog.write(LogLevel.WARNING, "MY-013932", "Server",
                    "Failed to reload TLS material; the previous material stays in use: " + String.join("; ", e.lines()));
            throw e.asReloadError();
        }
    }
}
