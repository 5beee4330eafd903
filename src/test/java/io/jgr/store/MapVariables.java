package io.jgr.store;

import io.jgr.server.config.SessionVariables;
import io.jgr.server.config.Variables;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A tiny map-backed stand-in for the variable registry, for the engine's tests only. */
final class MapVariables implements Variables {
    private static final java.util.Set<String> GLOBAL_ONLY = java.util.Set.of("version", "version_comment", "max_allowed_packet",
            "require_secure_transport", "group_replication_group_name");
    final Map<String, Object> globals = new ConcurrentHashMap<>();

    MapVariables() {
        globals.put("autocommit", 1L);
        globals.put("transaction_isolation", "READ-COMMITTED");
        globals.put("version", "8.0.36-jgr");
        globals.put("version_comment", "jgr");
        globals.put("sql_mode", "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION");
        globals.put("character_set_client", "utf8mb4");
        globals.put("character_set_connection", "utf8mb4");
        globals.put("character_set_results", "utf8mb4");
        globals.put("max_allowed_packet", 67108864L);
        globals.put("auto_increment_increment", 1L);
        globals.put("require_secure_transport", "OFF");
        globals.put("group_replication_group_name", "");
        globals.put("transaction_read_only", 0L);
    }

    @Override
    public SessionVariables newSession() {
        Map<String, Object> session = new ConcurrentHashMap<>();
        globals.forEach((k, v) -> {
            if (!GLOBAL_ONLY.contains(k)) {
                session.put(k, v);
            }
        });
        return new SessionVariables() {
            @Override
            public Object get(String name, Scope scope) throws SQLException {
                if (!globals.containsKey(name)) {
                    throw MySqlError.ER_UNKNOWN_SYSTEM_VARIABLE.exception(name);
                }
                if (scope == Scope.GLOBAL || GLOBAL_ONLY.contains(name)) {
                    if (scope == Scope.SESSION) {
                        throw MySqlError.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(name, "GLOBAL");
                    }
                    return globals.get(name);
                }
                return session.get(name);
            }

            @Override
            public List<Warning> set(String name, Scope scope, Object value) throws SQLException {
                if (!globals.containsKey(name)) {
                    throw MySqlError.ER_UNKNOWN_SYSTEM_VARIABLE.exception(name);
                }
                Object v = value == DEFAULT ? globals.get(name) : value;
                if (scope == Scope.GLOBAL || scope == Scope.PERSIST) {
                    globals.put(name, v == null ? "" : v);
                } else {
                    if (GLOBAL_ONLY.contains(name)) {
                        throw MySqlError.ER_GLOBAL_VARIABLE.exception(name);
                    }
                    if (name.equals("autocommit") && v instanceof String s) {
                        v = s.equalsIgnoreCase("ON") || s.equals("1") ? 1L : 0L;
                    }
                    session.put(name, v == null ? "" : v);
                }
                return List.of();
            }

            @Override
            public SortedMap<String, String> show(Scope scope) {
                SortedMap<String, String> out = new TreeMap<>();
                (scope == Scope.GLOBAL ? globals : session).forEach((k, v) -> out.put(k, String.valueOf(v)));
                return out;
            }
        };
    }

    @Override
    public Object global(String name) throws SQLException {
        if (!globals.containsKey(name)) {
            throw MySqlError.ER_UNKNOWN_SYSTEM_VARIABLE.exception(name);
        }
        return globals.get(name);
    }
}
