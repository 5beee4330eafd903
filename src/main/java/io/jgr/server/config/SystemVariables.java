package io.jgr.server.config;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The system variables of one server: definitions, global values, defaults, and the run-time hooks
 * components add (validators that may refuse a global change, listeners told after one). Sessions
 * get their own values through {@link #newSession()}. Global changes are serialised so a validator
 * sees the value it is about to replace.
 */
public final class SystemVariables implements Variables {
    /** Stands for SQL NULL in the concurrent maps, which do not hold null. */
    private static final Object NULL = new Object();

    private final Map<String, VarDef> defs = new ConcurrentHashMap<>();
    private final Map<String, Global> globals = new ConcurrentHashMap<>();
    private final Map<String, Object> defaults = new ConcurrentHashMap<>();
    private final Map<String, List<VarCheck>> validators = new ConcurrentHashMap<>();
    private final Map<String, List<VarListener>> listeners = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private volatile PersistStore persistStore;

    public SystemVariables(Collection<VarDef> definitions) {
        definitions.forEach(this::define);
    }

    /** Every variable jgr knows: the server's and Group Replication's, with MySQL 8.0.36 defaults. */
    public static SystemVariables standard() {
        List<VarDef> all = new ArrayList<>(ServerVariableCatalog.all());
        all.addAll(GroupReplicationVariableCatalog.all());
        SystemVariables vars = new SystemVariables(all);
        ServerVariableCatalog.installRules(vars);
        GroupReplicationVariableCatalog.installCrossChecks(vars);
        return vars;
    }

    /** Adds a variable (a component's own); its global value starts at its default. */
    public void define(VarDef def) {
        if (defs.putIfAbsent(def.name(), def) != null) {
            throw new IllegalArgumentException("variable defined twice: " + def.name());
        }
        defaults.put(def.name(), wrap(def.defaultValue()));
        if (def.scope().hasGlobal() || def.scope() == VarScope.SESSION) {
            globals.put(def.name(), new Global(wrap(def.defaultValue())));
        }
    }

    /** The definition, or null; {@code name} in any case, with dashes or underscores. */
    public VarDef definition(String name) {
        return defs.get(VarDef.normalize(name));
    }

    /** The definition or error 1193. */
    VarDef require(String name) throws SQLException {
        VarDef def = definition(name);
        if (def == null) {
            throw MySqlError.ER_UNKNOWN_SYSTEM_VARIABLE.exception(name);
        }
        return def;
    }

    public Collection<VarDef> definitions() {
        return Collections.unmodifiableCollection(new TreeMap<>(defs).values());
    }

    /** Writes SET PERSIST / PERSIST_ONLY to this store from now on. */
    public void persistTo(PersistStore store) {
        this.persistStore = store;
    }

    PersistStore persistStore() {
        return persistStore;
    }

    /** A validator for global changes of {@code name} (e.g. refuse while START GROUP_REPLICATION runs). */
    public void addValidator(String name, VarCheck validator) {
        VarDef def = Objects.requireNonNull(definition(name), name);
        validators.computeIfAbsent(def.name(), n -> new CopyOnWriteArrayList<>()).add(validator);
    }

    /** A validator that runs before those added earlier: MySQL checks some conditions first (e.g. "while running"). */
    public void addFirstValidator(String name, VarCheck validator) {
        VarDef def = Objects.requireNonNull(definition(name), name);
        validators.computeIfAbsent(def.name(), n -> new CopyOnWriteArrayList<>()).add(0, validator);
    }

    /** A listener told after each global change of {@code name}. */
    public void addListener(String name, VarListener listener) {
        VarDef def = Objects.requireNonNull(definition(name), name);
        listeners.computeIfAbsent(def.name(), n -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public SessionVariables newSession() {
        return new SessionVariableSet(this, "", "");
    }

    @Override
    public SessionVariables newSession(String user, String host) {
        return new SessionVariableSet(this, user, host);
    }

    @Override
    public Object global(String name) throws SQLException {
        VarDef def = require(name);
        if (!def.scope().hasGlobal()) {
            throw MySqlError.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(def.name(), "SESSION");
        }
        return VarValues.forSelect(globalValue(def));
    }

    /** The typed global value (Boolean, Long, String or null). */
    public Object globalValue(String name) {
        VarDef def = Objects.requireNonNull(definition(name), name);
        return globalValue(def);
    }

    /** The global value as SHOW VARIABLES prints it. */
    public String globalText(String name) {
        return VarValues.forShow(globalValue(name));
    }

    Object globalValue(VarDef def) {
        Global g = globals.get(def.name());
        return g == null ? null : g.value();
    }

    /**
     * A global variable resolved once by name, for code that reads it on every commit or statement:
     * each read is then one volatile load instead of lookups by name (session 19: the flow-control and
     * read-only checks were 5 % of a primary's session time).
     */
    public Global globalHandle(String name) {
        return holder(Objects.requireNonNull(definition(name), name));
    }

    private Global holder(VarDef def) {
        return globals.computeIfAbsent(def.name(), n -> new Global(NULL));
    }

    /** Whether a variable's value reads as ON: true, a number other than 0, or the text ON or 1. */
    public static boolean isOn(Object v) {
        return Boolean.TRUE.equals(v) || v instanceof Number n && n.longValue() != 0
                || v instanceof String s && (s.equalsIgnoreCase("ON") || s.equals("1"));
    }

    /** One global value. Written under the registry's write lock; read without it. */
    public static final class Global {
        private volatile Object value;

        private Global(Object wrapped) {
            this.value = wrapped;
        }

        /** The typed value (Boolean, Long, String or null). */
        public Object value() {
            return unwrap(value);
        }

        /** Whether a boolean variable is ON ({@link SystemVariables#isOn}). */
        public boolean isOn() {
            return SystemVariables.isOn(value);
        }

        /** A numeric variable's value, 0 if not a number. */
        public long number() {
            return value instanceof Number n ? n.longValue() : 0;
        }

        private Object swap(Object wrapped) {
            Object old = value;
            value = wrapped;
            return old;
        }
    }

    Object defaultValue(VarDef def) {
        return unwrap(defaults.get(def.name()));
    }

    /**
     * Sets the value a variable has at start (from the options file, the command line or
     * mysqld-auto.cnf): read-only variables too, type rules of option text, no checks (as MySQL,
     * which leaves semantic checks to the component that uses the value, e.g. START GROUP_REPLICATION).
     *
     * @throws IllegalArgumentException {@code Error while setting value 'v' to 'name'} if the text does not fit the type
     */
    public void applyStartupValue(String name, String text) {
        VarDef def = Objects.requireNonNull(definition(name), name);
        Object value = VarValues.fromText(def, text);
        synchronized (writeLock) {
            holder(def).swap(wrap(value));
        }
    }

    /**
     * Replaces the default of a variable whose default the server computes at start (datadir,
     * hostname, general_log_file, ...), and its value unless one was already set.
     */
    public void setComputedDefault(String name, Object value) {
        VarDef def = Objects.requireNonNull(definition(name), name);
        Object typed = value instanceof Integer i ? Long.valueOf(i) : value;
        synchronized (writeLock) {
            Object oldDefault = defaults.put(def.name(), wrap(typed));
            Global g = globals.get(def.name());
            if (g != null && Objects.equals(g.value, oldDefault)) {
                g.swap(wrap(typed));
            }
        }
    }

    /** Sets a value the server itself owns (gtid_executed, read-only identity), bypassing SET's rules. */
    public void setInternal(String name, Object value) {
        VarDef def = Objects.requireNonNull(definition(name), name);
        Object typed = value instanceof Integer i ? Long.valueOf(i) : value;
        Object old;
        synchronized (writeLock) {
            old = unwrap(holder(def).swap(wrap(typed)));
        }
        notifyListeners(def, old, typed);
    }

    /**
     * Stores {@code value} for {@code name} as SET PERSIST_ONLY does, for a change the server made itself (MySQL's
     * group mode switch persists the mode it set), recorded as set by {@code mysql.session@localhost}.
     */
    public void persistInternal(String name, Object value) throws IOException {
        VarDef def = Objects.requireNonNull(definition(name), name);
        PersistStore store = persistStore;
        if (store != null) {
            store.put(def, value, "mysql.session", "localhost");
        }
    }

    /**
     * A global change by SET GLOBAL/PERSIST: definition checks, then validators, then the change,
     * then the store (PERSIST), then listeners. {@code persistOnly} stores without changing the value.
     * {@code isDefault}: SET x = DEFAULT, which skips the definition's checks as MySQL's plugin
     * variables do (the default of group_replication_group_name is NULL), not the validators.
     */
    void setGlobal(VarDef def, Object value, boolean isDefault, boolean persist, boolean persistOnly,
            String user, String host) throws SQLException {
        if (!isDefault) {
            for (VarCheck check : def.checks()) {
                check.check(def, value);
            }
        }
        Object old;
        synchronized (writeLock) {
            for (VarCheck validator : validators.getOrDefault(def.name(), List.of())) {
                validator.check(def, value);
            }
            if (persistOnly) {
                store(def, value, user, host);
                return;
            }
            if (persist) {
                store(def, value, user, host);
            }
            old = unwrap(holder(def).swap(wrap(value)));
        }
        notifyListeners(def, old, value);
    }

    /**
     * RESET PERSIST [IF EXISTS] name: forgets a stored value (the running value stays, as in MySQL).
     * A name that is not stored is error 3615, or with IF EXISTS warning 3615.
     */
    public List<Warning> resetPersist(String name, boolean ifExists) throws SQLException {
        PersistStore store = persistStore;
        boolean removed;
        try {
            removed = store != null && store.remove(name);
        } catch (IOException e) {
            throw persistFailure(e);
        }
        if (removed) {
            return List.of();
        }
        if (!ifExists) {
            throw MySqlError.ER_VAR_DOES_NOT_EXIST.exception(name);
        }
        return List.of(new Warning("Warning", MySqlError.ER_VAR_DOES_NOT_EXIST.code(),
                MySqlError.ER_VAR_DOES_NOT_EXIST.message(name)));
    }

    /** RESET PERSIST without a name: forgets every stored value. */
    public void resetPersistAll() throws SQLException {
        if (persistStore instanceof PersistedVariables file) {
            try {
                file.clear();
            } catch (IOException e) {
                throw persistFailure(e);
            }
        }
    }

    private static SQLException persistFailure(IOException e) {
        ErrorLog.write(LogLevel.ERROR, "MY-010000", "Server", "Failed to write mysqld-auto.cnf: " + e.getMessage());
        return new SQLException("Failed to write the persisted config file mysqld-auto.cnf", "HY000", 1);
    }

    private void store(VarDef def, Object value, String user, String host) throws SQLException {
        PersistStore store = persistStore;
        if (store == null) {
            return;
        }
        try {
            store.put(def, value, user, host);
        } catch (IOException e) {
            throw persistFailure(e);
        }
    }

    private void notifyListeners(VarDef def, Object old, Object value) {
        for (VarListener listener : listeners.getOrDefault(def.name(), List.of())) {
            try {
                listener.changed(def, old, value);
            } catch (RuntimeException e) {
                ErrorLog.write(LogLevel.ERROR, "MY-010000", "Server",
                        "A listener of " + def.name() + " failed: " + e);
            }
        }
    }

    /** SHOW GLOBAL VARIABLES: every variable with a global value. */
    SortedMap<String, String> showGlobal() {
        SortedMap<String, String> out = new TreeMap<>();
        for (VarDef def : defs.values()) {
            if (def.scope().hasGlobal()) {
                out.put(def.name(), VarValues.forShow(globalValue(def)));
            }
        }
        return out;
    }

    Collection<VarDef> all() {
        return defs.values();
    }

    private static Object wrap(Object value) {
        return value == null ? NULL : value;
    }

    private static Object unwrap(Object value) {
        return value == NULL ? null : value;
    }
}
