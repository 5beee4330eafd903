package io.jgr.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The definition of one system variable: name, type, scope, whether SET may change it, default,
 * bounds or allowed words, MySQL's flags (NODEFAULT, PERSIST_AS_READ_ONLY, ...), deprecation and
 * its own checks. Immutable; built with the static helpers and {@link Builder}.
 */
public final class VarDef {
    private final String name;
    private final VarType type;
    private final VarScope scope;
    private final boolean dynamic;
    private final boolean sessionReadOnly;
    private final Object defaultValue;
    private final long min;
    private final long max;
    private final List<String> values;
    private final boolean nullable;
    private final boolean noDefault;
    private final boolean persistAsReadOnly;
    private final boolean persistable;
    private final String replacement;
    private final boolean deprecated;
    private final List<VarCheck> checks;

    private VarDef(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.scope = b.scope;
        this.dynamic = b.dynamic;
        this.sessionReadOnly = b.sessionReadOnly;
        this.defaultValue = b.defaultValue;
        this.min = b.min;
        this.max = b.max;
        this.values = List.copyOf(b.values);
        this.nullable = b.nullable;
        this.noDefault = b.noDefault;
        this.persistAsReadOnly = b.persistAsReadOnly;
        this.persistable = b.persistable;
        this.replacement = b.replacement;
        this.deprecated = b.deprecated;
        this.checks = List.copyOf(b.checks);
    }

    public static Builder builder(String name, VarType type) {
        return new Builder(name, type);
    }

    public static Builder bool(String name, boolean defaultValue) {
        return builder(name, VarType.BOOL).defaultValue(defaultValue);
    }

    public static Builder ulong(String name, long defaultValue, long min, long max) {
        return builder(name, VarType.ULONG).defaultValue(defaultValue).range(min, max);
    }

    public static Builder integer(String name, long defaultValue, long min, long max) {
        return builder(name, VarType.INT).defaultValue(defaultValue).range(min, max);
    }

    public static Builder enumeration(String name, String defaultValue, String... values) {
        return builder(name, VarType.ENUM).values(values).defaultValue(defaultValue);
    }

    public static Builder set(String name, String defaultValue, String... values) {
        return builder(name, VarType.SET).values(values).defaultValue(defaultValue);
    }

    public static Builder string(String name, String defaultValue) {
        Builder b = builder(name, VarType.STRING).defaultValue(defaultValue);
        return defaultValue == null ? b.nullable() : b;
    }

    public String name() {
        return name;
    }

    public VarType type() {
        return type;
    }

    public VarScope scope() {
        return scope;
    }

    /** False for read-only variables (set only from options, or computed by the server). */
    public boolean dynamic() {
        return dynamic;
    }

    /** The session value exists but only SET GLOBAL changes the variable (e.g. max_allowed_packet). */
    public boolean sessionReadOnly() {
        return sessionReadOnly;
    }

    /** The compiled-in default (the registry may replace it at start, e.g. datadir-relative paths). */
    public Object defaultValue() {
        return defaultValue;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** The allowed words of an ENUM or SET, in MySQL's order. */
    public List<String> values() {
        return values;
    }

    /** SQL NULL is a value of this variable. */
    public boolean nullable() {
        return nullable;
    }

    /** MySQL's NODEFAULT: {@code SET x = DEFAULT} is refused with 1231. */
    public boolean noDefault() {
        return noDefault;
    }

    /** MySQL's PERSIST_AS_READ_ONLY: SET PERSIST stores it among the static variables of mysqld-auto.cnf. */
    public boolean persistAsReadOnly() {
        return persistAsReadOnly;
    }

    /** SET PERSIST / PERSIST_ONLY may store it (false for computed identity such as server_uuid). */
    public boolean persistable() {
        return persistable;
    }

    public boolean deprecated() {
        return deprecated;
    }

    /** The variable to use instead of a deprecated one, or null if it has none. */
    public String replacement() {
        return replacement;
    }

    public List<VarCheck> checks() {
        return checks;
    }

    /** The name as options files write it, for matching: lower case, dashes as underscores. */
    static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String toString() {
        return name + " " + type + " " + scope + (dynamic ? "" : " read-only");
    }

    /** Builds a {@link VarDef}; defaults: GLOBAL, dynamic, persistable, not nullable. */
    public static final class Builder {
        private final String name;
        private final VarType type;
        private VarScope scope = VarScope.GLOBAL;
        private boolean dynamic = true;
        private boolean sessionReadOnly;
        private Object defaultValue;
        private long min = Long.MIN_VALUE;
        private long max = Long.MAX_VALUE;
        private final List<String> values = new ArrayList<>();
        private boolean nullable;
        private boolean noDefault;
        private boolean persistAsReadOnly;
        private boolean persistable = true;
        private String replacement;
        private boolean deprecated;
        private final List<VarCheck> checks = new ArrayList<>();

        private Builder(String name, VarType type) {
            this.name = Objects.requireNonNull(name).toLowerCase(Locale.ROOT);
            this.type = Objects.requireNonNull(type);
            if (type == VarType.ULONG) {
                min = 0;
            }
        }

        public Builder scope(VarScope value) {
            scope = value;
            return this;
        }

        public Builder session() {
            return scope(VarScope.SESSION);
        }

        public Builder both() {
            return scope(VarScope.BOTH);
        }

        public Builder readOnly() {
            dynamic = false;
            return this;
        }

        public Builder sessionReadOnly() {
            sessionReadOnly = true;
            return this;
        }

        public Builder defaultValue(Object value) {
            defaultValue = value instanceof Integer i ? Long.valueOf(i) : value;
            return this;
        }

        public Builder range(long lo, long hi) {
            min = lo;
            max = hi;
            return this;
        }

        public Builder values(String... words) {
            values.addAll(List.of(words));
            return this;
        }

        public Builder nullable() {
            nullable = true;
            return this;
        }

        public Builder noDefault() {
            noDefault = true;
            return this;
        }

        public Builder persistAsReadOnly() {
            persistAsReadOnly = true;
            return this;
        }

        public Builder notPersistable() {
            persistable = false;
            return this;
        }

        /** Deprecated; {@code replacementName} (or null) is named in warning 1287 (1681 without one). */
        public Builder deprecated(String replacementName) {
            deprecated = true;
            replacement = replacementName;
            return this;
        }

        public Builder check(VarCheck check) {
            checks.add(check);
            return this;
        }

        public VarDef build() {
            if ((type == VarType.ENUM || type == VarType.SET) && values.isEmpty()) {
                throw new IllegalArgumentException(name + ": an ENUM or SET needs its words");
            }
            if (defaultValue == null && !nullable) {
                throw new IllegalArgumentException(name + ": a null default needs nullable()");
            }
            return new VarDef(this);
        }
    }
}
