package io.jgr.store.account;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The privileges jgr knows, with MySQL's names and the levels they may be granted at. */
public enum Privilege {
    SELECT("SELECT", false, false),
    INSERT("INSERT", false, false),
    UPDATE("UPDATE", false, false),
    DELETE("DELETE", false, false),
    CREATE("CREATE", false, false),
    DROP("DROP", false, false),
    ALTER("ALTER", false, false),
    INDEX("INDEX", false, false),
    CREATE_USER("CREATE USER", true, false),
    REPLICATION_SLAVE("REPLICATION SLAVE", true, false),
    SUPER("SUPER", true, false),
    GRANT_OPTION("GRANT OPTION", false, false),
    REPLICATION_SLAVE_ADMIN("REPLICATION_SLAVE_ADMIN", true, true),
    GROUP_REPLICATION_ADMIN("GROUP_REPLICATION_ADMIN", true, true),
    SYSTEM_VARIABLES_ADMIN("SYSTEM_VARIABLES_ADMIN", true, true),
    REPLICATION_CLIENT("REPLICATION CLIENT", true, false),
    BINLOG_ADMIN("BINLOG_ADMIN", true, true);

    private final String sqlName;
    private final boolean globalOnly;
    private final boolean dynamic;

    Privilege(String sqlName, boolean globalOnly, boolean dynamic) {
        this.sqlName = sqlName;
        this.globalOnly = globalOnly;
        this.dynamic = dynamic;
    }

    public String sqlName() {
        return sqlName;
    }

    public boolean globalOnly() {
        return globalOnly;
    }

    public boolean dynamic() {
        return dynamic;
    }

    /** What ALL [PRIVILEGES] means at a level: every static privilege valid there, and at *.* the dynamic ones too. */
    public static Set<Privilege> all(boolean global) {
        EnumSet<Privilege> set = EnumSet.noneOf(Privilege.class);
        for (Privilege p : values()) {
            if (p != GRANT_OPTION && (global || !p.globalOnly)) {
                set.add(p);
            }
        }
        return set;
    }

    /** By MySQL name ("REPLICATION SLAVE", "select"), or null. */
    public static Privilege byName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (Privilege p : values()) {
            if (p.sqlName.equals(n)) {
                return p;
            }
        }
        return null;
    }
}
