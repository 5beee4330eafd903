package io.jgr.sandbox;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The status of a sandbox, read from its first member that answers. */
public final class SandboxStatus {
    private SandboxStatus() {
    }

    public static Map<String, StatusReader.Endpoint> endpoints(SandboxLayout layout) {
        Map<String, StatusReader.Endpoint> map = new HashMap<>();
        for (SandboxMember m : layout.members()) {
            map.put(m.address(), new StatusReader.Endpoint(m.address(), m.sqlPort()));
        }
        return map;
    }

    public static GroupStatus read(SandboxLayout layout) throws IOException, SQLException {
        StatusReader reader = new StatusReader(MemberSql.sandboxRoot(layout), endpoints(layout));
        SQLException last = null;
        for (SandboxMember m : layout.members()) {
            if (MemberProcesses.running(m).isEmpty()) {
                continue;
            }
            try {
                return reader.read(new StatusReader.Endpoint(m.address(), m.sqlPort()));
            } catch (SQLException e) {
                last = e;
            }
        }
        throw last != null ? last : new SQLException("no member of the sandbox in " + layout.dir() + " is running (jgr sandbox start)");
    }
}
