package io.jgr.store.account;

import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.TlsRequirement;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accounts (hashes only) and their grants, kept in memory and written through to the internal
 * schema so they survive a restart. Thread-safe: every method synchronizes on the store.
 */
public final class AccountStore {
    private static final String SCHEMA = io.jgr.store.catalog.TypeCatalog.INTERNAL_SCHEMA;

    /** A grant level: db and table are "*" for *.* and db.*. Names are kept lower case. */
    public record Level(String db, String table) {
        public static final Level GLOBAL = new Level("*", "*");

        public boolean global() {
            return db.equals("*");
        }

        public boolean database() {
            return !db.equals("*") && table.equals("*");
        }

        public String sql() {
            return (db.equals("*") ? "*" : '`' + db + '`') + '.' + (table.equals("*") ? "*" : '`' + table + '`');
        }
    }

    private final Connection admin;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Map<Level, EnumSet<Privilege>>> grants = new LinkedHashMap<>();

    public AccountStore(Connection admin) throws SQLException {
        this.admin = admin;
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".accounts (user_name VARCHAR(32) NOT NULL, host VARCHAR(255) NOT NULL, "
                    + "plugin VARCHAR(64) NOT NULL, native_hash VARBINARY(20) NOT NULL, sha2_hash VARBINARY(32) NOT NULL, "
                    + "tls VARCHAR(8) NOT NULL, locked BOOLEAN NOT NULL, PRIMARY KEY (user_name, host))");
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".grants (user_name VARCHAR(32) NOT NULL, host VARCHAR(255) NOT NULL, "
                    + "db VARCHAR(64) NOT NULL, tbl VARCHAR(64) NOT NULL, privilege VARCHAR(64) NOT NULL, "
                    + "PRIMARY KEY (user_name, host, db, tbl, privilege))");
            try (ResultSet rs = s.executeQuery("SELECT user_name, host, plugin, native_hash, sha2_hash, tls, locked FROM " + SCHEMA + ".accounts")) {
                while (rs.next()) {
                    Account a = new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5),
                            TlsRequirement.valueOf(rs.getString(6)), rs.getBoolean(7));
                    accounts.put(key(a.user(), a.host()), a);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT user_name, host, db, tbl, privilege FROM " + SCHEMA + ".grants")) {
                while (rs.next()) {
                    Privilege p = Privilege.byName(rs.getString(5));
                    if (p != null) {
                        grants.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new LinkedHashMap<>())
                                .computeIfAbsent(new Level(rs.getString(3), rs.getString(4)), l -> EnumSet.noneOf(Privilege.class)).add(p);
                    }
                }
            }
        }
    }

    private static String key(String user, String host) {
        return user + '\0' + host.toLowerCase(Locale.ROOT);
    }

    public synchronized boolean isEmpty() {
        return accounts.isEmpty();
    }

    public synchronized Optional<Account> get(String user, String host) {
        return Optional.ofNullable(accounts.get(key(user, host)));
    }

    /** MySQL's choice: the most specific host first, a named user before the anonymous one. */
    public synchronized Optional<Account> find(String user, InetAddress client) {
        return accounts.values().stream()
                .filter(a -> (a.user().equals(user) || a.user().isEmpty()) && HostPattern.matches(a.host(), client))
                .min(Comparator.comparingInt((Account a) -> HostPattern.specificity(a.host()))
                        .thenComparing(a -> a.user().isEmpty()));
    }

    public synchronized void put(Account a) throws SQLException {
        try (PreparedStatement del = admin.prepareStatement("DELETE FROM " + SCHEMA + ".accounts WHERE user_name = ? AND host = ?");
             PreparedStatement ins = admin.prepareStatement("INSERT INTO " + SCHEMA + ".accounts VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            String host = a.host().toLowerCase(Locale.ROOT);
            del.setString(1, a.user());
            del.setString(2, host);
            del.executeUpdate();
            ins.setString(1, a.user());
            ins.setString(2, host);
            ins.setString(3, a.plugin());
            ins.setBytes(4, a.nativeHash());
            ins.setBytes(5, a.sha2Hash());
            ins.setString(6, a.tlsRequirement().name());
            ins.setBoolean(7, a.locked());
            ins.executeUpdate();
        }
        accounts.put(key(a.user(), a.host()), new Account(a.user(), a.host().toLowerCase(Locale.ROOT), a.plugin(), a.nativeHash(),
                a.sha2Hash(), a.tlsRequirement(), a.locked()));
    }

    public synchronized void remove(String user, String host) throws SQLException {
        for (String table : List.of("accounts", "grants")) {
            try (PreparedStatement del = admin.prepareStatement("DELETE FROM " + SCHEMA + "." + table + " WHERE user_name = ? AND host = ?")) {
                del.setString(1, user);
                del.setString(2, host.toLowerCase(Locale.ROOT));
                del.executeUpdate();
            }
        }
        accounts.remove(key(user, host));
        grants.remove(key(user, host));
    }

    public synchronized void grant(String user, String host, Level level, Set<Privilege> privileges) throws SQLException {
        EnumSet<Privilege> set = grants.computeIfAbsent(key(user, host), k -> new LinkedHashMap<>())
                .computeIfAbsent(level, l -> EnumSet.noneOf(Privilege.class));
        try (PreparedStatement ins = admin.prepareStatement("MERGE INTO " + SCHEMA + ".grants KEY (user_name, host, db, tbl, privilege) VALUES (?, ?, ?, ?, ?)")) {
            for (Privilege p : privileges) {
                ins.setString(1, user);
                ins.setString(2, host.toLowerCase(Locale.ROOT));
                ins.setString(3, level.db());
                ins.setString(4, level.table());
                ins.setString(5, p.sqlName());
                ins.executeUpdate();
            }
        }
        set.addAll(privileges);
    }

    /** Removes privileges; false if the account held none of them at that level (MySQL's 1141/1147). */
    public synchronized boolean revoke(String user, String host, Level level, Set<Privilege> privileges) throws SQLException {
        Map<Level, EnumSet<Privilege>> levels = grants.get(key(user, host));
        EnumSet<Privilege> set = levels == null ? null : levels.get(level);
        if (set == null || set.isEmpty()) {
            return false;
        }
        try (PreparedStatement del = admin.prepareStatement("DELETE FROM " + SCHEMA + ".grants WHERE user_name = ? AND host = ? AND db = ? AND tbl = ? AND privilege = ?")) {
            for (Privilege p : privileges) {
                del.setString(1, user);
                del.setString(2, host.toLowerCase(Locale.ROOT));
                del.setString(3, level.db());
                del.setString(4, level.table());
                del.setString(5, p.sqlName());
                del.executeUpdate();
            }
        }
        set.removeAll(privileges);
        if (set.isEmpty()) {
            levels.remove(level);
        }
        return true;
    }

    /** Whether the account holds the privilege on db.table (table may be null for a database-level check). */
    public synchronized boolean has(Account who, Privilege p, String db, String table) {
        Map<Level, EnumSet<Privilege>> levels = grants.get(key(who.user(), who.host()));
        if (levels == null) {
            return false;
        }
        if (contains(levels.get(Level.GLOBAL), p)) {
            return true;
        }
        if (db == null || p.globalOnly()) {
            return false;
        }
        String d = db.toLowerCase(Locale.ROOT);
        if (contains(levels.get(new Level(d, "*")), p)) {
            return true;
        }
        return table != null && contains(levels.get(new Level(d, table.toLowerCase(Locale.ROOT))), p);
    }

    /** The account's global privileges (for a fast path that skips table checks). */
    public synchronized Set<Privilege> global(Account who) {
        Map<Level, EnumSet<Privilege>> levels = grants.get(key(who.user(), who.host()));
        EnumSet<Privilege> g = levels == null ? null : levels.get(Level.GLOBAL);
        return g == null ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(g);
    }

    /** Whether the account holds any privilege at or below the database (for USE and SHOW DATABASES). */
    public synchronized boolean hasAnyIn(Account who, String db) {
        Map<Level, EnumSet<Privilege>> levels = grants.get(key(who.user(), who.host()));
        if (levels == null) {
            return false;
        }
        String d = db.toLowerCase(Locale.ROOT);
        for (var e : levels.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            if (e.getKey().global()) {
                EnumSet<Privilege> s = EnumSet.copyOf(e.getValue());
                s.removeIf(Privilege::globalOnly);
                s.remove(Privilege.GRANT_OPTION);
                if (!s.isEmpty()) {
                    return true;
                }
            } else if (e.getKey().db().equals(d)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(EnumSet<Privilege> set, Privilege p) {
        return set != null && set.contains(p);
    }

    /** SHOW GRANTS lines for an account, in MySQL's form. */
    public synchronized List<String> showGrants(String user, String host) {
        List<String> lines = new ArrayList<>();
        Map<Level, EnumSet<Privilege>> levels = new TreeMap<>(Comparator.comparing((Level l) -> !l.global())
                .thenComparing(Level::db).thenComparing(Level::table));
        levels.putAll(grants.getOrDefault(key(user, host), Map.of()));
        String to = " TO `" + user + "`@`" + host.toLowerCase(Locale.ROOT) + "`";
        if (!levels.containsKey(Level.GLOBAL)) {
            lines.add("GRANT USAGE ON *.*" + to);
        }
        for (var e : levels.entrySet()) {
            Level level = e.getKey();
            EnumSet<Privilege> set = EnumSet.copyOf(e.getValue());
            boolean grantOption = set.remove(Privilege.GRANT_OPTION);
            String suffix = grantOption ? " WITH GRANT OPTION" : "";
            EnumSet<Privilege> statics = EnumSet.copyOf(set);
            statics.removeIf(Privilege::dynamic);
            EnumSet<Privilege> dynamics = EnumSet.copyOf(set);
            dynamics.removeIf(p -> !p.dynamic());
            Set<Privilege> allStatic = Privilege.all(level.global());
            allStatic.removeIf(Privilege::dynamic);
            String staticList = statics.containsAll(allStatic) ? "ALL PRIVILEGES"
                    : statics.isEmpty() ? (level.global() ? "USAGE" : null)
                    : String.join(", ", statics.stream().map(Privilege::sqlName).toList());
            if (staticList != null) {
                lines.add("GRANT " + staticList + " ON " + level.sql() + to + suffix);
            }
            if (!dynamics.isEmpty()) {
                lines.add("GRANT " + String.join(",", dynamics.stream().map(Privilege::sqlName).toList()) + " ON *.*" + to + suffix);
            }
        }
        return lines;
    }

    /** One account and its grants, as replication carries it (hashes only, never a password). */
    public record AccountState(Account account, Map<Level, Set<Privilege>> grants) {
    }

    /** Every account with its grants, keyed by user and lower-case host ("user\0host"). */
    public synchronized Map<String, AccountState> export() {
        Map<String, AccountState> out = new LinkedHashMap<>();
        for (Map.Entry<String, Account> e : accounts.entrySet()) {
            Map<Level, Set<Privilege>> g = new LinkedHashMap<>();
            grants.getOrDefault(e.getKey(), Map.of()).forEach((level, set) -> g.put(level, Set.copyOf(set)));
            out.put(e.getKey(), new AccountState(e.getValue(), g));
        }
        return out;
    }

    /** Makes one account exactly {@code state}, or removes it when {@code state} is null (applying a replicated change). */
    public synchronized void replace(String user, String host, AccountState state) throws SQLException {
        remove(user, host);
        if (state != null) {
            put(state.account());
            for (Map.Entry<Level, Set<Privilege>> e : state.grants().entrySet()) {
                if (!e.getValue().isEmpty()) {
                    grant(user, host, e.getKey(), e.getValue());
                }
            }
        }
    }
}
