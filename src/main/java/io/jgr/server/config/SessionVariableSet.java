package io.jgr.server.config;

import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One session's variables: session values start as copies of the globals; SET, {@code @@x} and
 * SHOW VARIABLES follow MySQL's scope rules (1193, 1228, 1229, 1238, 1621). Used by one session
 * thread at a time.
 */
final class SessionVariableSet implements SessionVariables {
    private static final Object NULL = new Object();

    private final SystemVariables registry;
    private final String user;
    private final String host;
    private final Map<String, Object> values = new HashMap<>();

    SessionVariableSet(SystemVariables registry, String user, String host) {
        this.registry = registry;
        this.user = user == null ? "" : user;
        this.host = host == null ? "" : host;
        for (VarDef def : registry.all()) {
            if (def.scope().hasSession()) {
                Object v = registry.globalValue(def);
                values.put(def.name(), v == null ? NULL : v);
            }
        }
    }

    @Override
    public Object get(String name, Scope scope) throws SQLException {
        VarDef def = registry.require(name);
        return VarValues.forSelect(value(def, scope));
    }

    private Object value(VarDef def, Scope scope) throws SQLException {
        switch (scope) {
            case SESSION -> {
                if (!def.scope().hasSession()) {
                    throw MySqlError.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(def.name(), "GLOBAL");
                }
                return sessionValue(def);
            }
            case DEFAULT -> {
                return def.scope().hasSession() ? sessionValue(def) : registry.globalValue(def);
            }
            default -> {
                if (!def.scope().hasGlobal()) {
                    throw MySqlError.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(def.name(), "SESSION");
                }
                return registry.globalValue(def);
            }
        }
    }

    private Object sessionValue(VarDef def) {
        Object v = values.get(def.name());
        if (v == null) {
            return registry.globalValue(def);
        }
        return v == NULL ? null : v;
    }

    @Override
    public List<Warning> set(String name, Scope scope, Object value) throws SQLException {
        VarDef def = registry.require(name);
        checkScope(def, scope);
        boolean global = scope == Scope.GLOBAL || scope == Scope.PERSIST || scope == Scope.PERSIST_ONLY;
        List<Warning> warnings = new ArrayList<>();
        Object typed;
        if (value == DEFAULT) {
            if (def.noDefault()) {
                throw VarValues.wrongValue(def, "DEFAULT");
            }
            // SET SESSION x = DEFAULT takes the global value, SET GLOBAL x = DEFAULT the compiled-in one.
            typed = global ? registry.defaultValue(def) : registry.globalValue(def);
        } else {
            typed = VarValues.fromSql(def, value, strictAllTables(), warnings);
        }
        if (global) {
            registry.setGlobal(def, typed, value == DEFAULT, scope == Scope.PERSIST, scope == Scope.PERSIST_ONLY,
                    user, host);
        } else {
            if (value != DEFAULT) {
                for (VarCheck check : def.checks()) {
                    check.check(def, typed);
                }
            }
            values.put(def.name(), typed == null ? NULL : typed);
        }
        if (def.deprecated()) {
            warnings.add(deprecationWarning(def));
        }
        return warnings;
    }

    /** MySQL's order: read-only first, then persistability, then the scope. */
    private static void checkScope(VarDef def, Scope scope) throws SQLException {
        if (!def.dynamic()) {
            if (scope != Scope.PERSIST_ONLY) {
                throw MySqlError.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(def.name(), "read only");
            }
            if (!def.persistable()) {
                throw MySqlError.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(def.name(), "non persistent read only");
            }
        }
        if ((scope == Scope.PERSIST || scope == Scope.PERSIST_ONLY) && !def.persistable()) {
            throw MySqlError.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(def.name(), "non persistent");
        }
        switch (scope) {
            case DEFAULT, SESSION -> {
                if (!def.scope().hasSession()) {
                    throw MySqlError.ER_GLOBAL_VARIABLE.exception(def.name());
                }
                if (def.sessionReadOnly()) {
                    throw MySqlError.ER_VARIABLE_IS_READONLY.exception("SESSION", def.name(), "GLOBAL");
                }
            }
            default -> {
                if (!def.scope().hasGlobal()) {
                    throw MySqlError.ER_LOCAL_VARIABLE.exception(def.name());
                }
            }
        }
    }

    private static Warning deprecationWarning(VarDef def) {
        if (def.replacement() == null) {
            return new Warning("Warning", MySqlError.ER_WARN_DEPRECATED_SYNTAX_NO_REPLACEMENT.code(),
                    MySqlError.ER_WARN_DEPRECATED_SYNTAX_NO_REPLACEMENT.message(def.name()));
        }
        return new Warning("Warning", MySqlError.ER_WARN_DEPRECATED_SYNTAX.code(),
                MySqlError.ER_WARN_DEPRECATED_SYNTAX.message(def.name(), def.replacement()));
    }

    private boolean strictAllTables() {
        VarDef sqlMode = registry.definition("sql_mode");
        if (sqlMode == null) {
            return false;
        }
        Object mode = sessionValue(sqlMode);
        return mode != null && (',' + mode.toString() + ',').contains(",STRICT_ALL_TABLES,");
    }

    @Override
    public SortedMap<String, String> show(Scope scope) {
        if (scope == Scope.GLOBAL || scope == Scope.PERSIST || scope == Scope.PERSIST_ONLY) {
            return registry.showGlobal();
        }
        SortedMap<String, String> out = new TreeMap<>();
        for (VarDef def : registry.all()) {
            out.put(def.name(), VarValues.forShow(def.scope().hasSession() ? sessionValue(def) : registry.globalValue(def)));
        }
        return out;
    }
}
