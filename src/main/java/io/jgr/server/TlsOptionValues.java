package io.jgr.server;

import io.jgr.server.config.SystemVariables;
import io.jgr.server.config.VarDef;
import java.util.HashMap;
import java.util.Map;

/**
 * The option map {@code io.jgr.perimeter.tls} reads ({@code ssl_*}, {@code tls_*},
 * {@code admin_*}, {@code group_replication_*}), taken from the registry's current global values,
 * so that ALTER INSTANCE RELOAD TLS sees what SET GLOBAL changed. A NULL value is left out (= not set).
 */
final class TlsOptionValues {
    private TlsOptionValues() {
    }

    static Map<String, String> current(SystemVariables vars) {
        Map<String, String> out = new HashMap<>();
        for (VarDef def : vars.definitions()) {
            Object v = vars.globalValue(def.name());
            if (v != null) {
                out.put(def.name(), v instanceof Boolean b ? (b ? "ON" : "OFF") : v.toString());
            }
        }
        return out;
    }
}
