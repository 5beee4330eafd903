package io.jgr.store;

import io.jgr.sql.auth.PasswordHashes;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.TlsRequirement;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.StatementKind;
import io.jgr.sql.statement.Token;
import io.jgr.sql.statement.TokenCursor;
import io.jgr.store.account.AccountStore;
import io.jgr.store.account.AccountStore.Level;
import io.jgr.store.account.Privilege;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CREATE/ALTER/DROP USER, SET PASSWORD, GRANT and REVOKE. Passwords become hashes at once; they
 * never reach the store, a log line or an error text (syntax errors mask string literals).
 */
final class AccountStatements {
    private static final Set<String> PLUGINS = Set.of("caching_sha2_password", "mysql_native_password");

    private AccountStatements() {
    }

    private record Spec(String user, String host, String plugin, String password) {
        String quoted() {
            return "'" + user + "'@'" + host + "'";
        }
    }

    /** 'user'[@'host'] with either quote style or none; host defaults to '%'. */
    static String[] accountName(TokenCursor c) throws SQLException {
        String user = c.stringOrIdentifier();
        String host = "%";
        Token t = c.peek();
        if (t != null && t.type() == Token.Type.USER_VAR) {
            c.next();
            host = t.value();
        }
        return new String[] {user, host.toLowerCase(Locale.ROOT)};
    }

    static Result execute(H2Session s, TokenCursor c, StatementKind kind) throws SQLException {
        try {
            c.next();
            return kind == StatementKind.GRANT ? grant(s, c) : revoke(s, c);
        } catch (SQLException e) {
            throw masked(e, c);
        }
    }

    /** A syntax error's "near" text may contain a password: show string literals as <secret>. */
    private static SQLException masked(SQLException e, TokenCursor c) {
        if (e.getErrorCode() != MySqlError.ER_PARSE_ERROR.code()) {
            return e;
        }
        StringBuilder near = new StringBuilder();
        int from = Math.min(c.position(), c.tokens().size());
        for (int i = from; i < c.tokens().size(); i++) {
            Token t = c.tokens().get(i);
            if (near.length() > 0) {
                near.append(' ');
            }
            near.append(t.type() == Token.Type.STRING ? "'<secret>'" : t.text());
        }
        return MySqlError.ER_PARSE_ERROR.exception(near.toString(), 1);
    }

    private static Spec spec(TokenCursor c, boolean requirePassword) throws SQLException {
        String[] name;
        if (c.accept("USER")) {
            c.expectSymbol("(");
            c.expectSymbol(")");
            name = new String[] {null, null};
        } else {
            name = accountName(c);
        }
        String plugin = null;
        String password = null;
        if (c.accept("IDENTIFIED")) {
            if (c.accept("WITH")) {
                plugin = c.stringOrIdentifier().toLowerCase(Locale.ROOT);
                if (!PLUGINS.contains(plugin)) {
                    throw MySqlError.ER_PLUGIN_IS_NOT_LOADED.exception(plugin);
                }
                if (c.accept("AS")) {
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("IDENTIFIED ... AS 'hash'");
                }
                if (c.accept("BY")) {
                    if (c.accept("RANDOM")) {
                        throw MySqlError.ER_NOT_SUPPORTED_YET.exception("RANDOM PASSWORD");
                    }
                    password = c.string();
                }
            } else {
                c.expect("BY");
                if (c.accept("RANDOM")) {
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("RANDOM PASSWORD");
                }
                password = c.string();
            }
        }
        if (requirePassword && password == null && plugin == null) {
            password = "";
        }
        return new Spec(name[0], name[1], plugin, password);
    }

    private record Options(TlsRequirement tls, Boolean locked) {
    }

    private static Options options(TokenCursor c) throws SQLException {
        TlsRequirement tls = null;
        Boolean locked = null;
        while (!c.atEnd()) {
            if (c.accept("REQUIRE")) {
                if (c.accept("NONE")) {
                    tls = TlsRequirement.NONE;
                } else if (c.accept("SSL")) {
                    tls = TlsRequirement.SSL;
                } else if (c.accept("X509")) {
                    tls = TlsRequirement.X509;
                } else {
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("REQUIRE ISSUER/SUBJECT/CIPHER");
                }
            } else if (c.accept("ACCOUNT")) {
                if (c.accept("LOCK")) {
                    locked = true;
                } else {
                    c.expect("UNLOCK");
                    locked = false;
                }
            } else {
                throw c.syntaxError();
            }
        }
        return new Options(tls, locked);
    }

    static Result createUser(H2Session s, TokenCursor c) throws SQLException {
        try {
            s.access().requireGlobal(Privilege.CREATE_USER);
            boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
            List<Spec> specs = new ArrayList<>();
            do {
                Spec spec = spec(c, true);
                if (spec.user() == null) {
                    throw c.syntaxError();
                }
                specs.add(spec);
            } while (c.acceptSymbol(","));
            Options o = options(c);
            AccountStore store = s.engine().accounts();
            List<String> failed = new ArrayList<>();
            List<Warning> notes = new ArrayList<>();
            for (Spec spec : specs) {
                if (store.get(spec.user(), spec.host()).isPresent()) {
                    if (ifNotExists) {
                        notes.add(new Warning("Note", 3163, MySqlError.ER_USER_ALREADY_EXISTS.message(spec.quoted())));
                    } else {
                        failed.add(spec.quoted());
                    }
                }
            }
            if (!failed.isEmpty()) {
                throw MySqlError.ER_CANNOT_USER.exception("CREATE USER", String.join(",", failed));
            }
            commitFirst(s);
            for (Spec spec : specs) {
                if (store.get(spec.user(), spec.host()).isPresent()) {
                    continue;
                }
                String pw = spec.password() == null ? "" : spec.password();
                store.put(new Account(spec.user(), spec.host(), spec.plugin() == null ? "caching_sha2_password" : spec.plugin(),
                        PasswordHashes.nativeHash(pw), PasswordHashes.sha2Hash(pw), o.tls() == null ? TlsRequirement.NONE : o.tls(),
                        o.locked() != null && o.locked()));
            }
            s.setWarnings(notes);
            return Result.Ok.EMPTY;
        } catch (SQLException e) {
            throw masked(e, c);
        }
    }

    static Result alterUser(H2Session s, TokenCursor c) throws SQLException {
        try {
            boolean ifExists = c.accept("IF", "EXISTS");
            List<Spec> specs = new ArrayList<>();
            do {
                specs.add(spec(c, false));
            } while (c.acceptSymbol(","));
            Options o = options(c);
            Account self = s.connectionInfo().account();
            AccountStore store = s.engine().accounts();
            List<String> failed = new ArrayList<>();
            List<Spec> resolved = new ArrayList<>();
            for (Spec spec : specs) {
                Spec r = spec.user() == null ? new Spec(self.user(), self.host(), spec.plugin(), spec.password()) : spec;
                boolean own = r.user().equals(self.user()) && r.host().equalsIgnoreCase(self.host());
                if (!own || o.tls() != null || o.locked() != null) {
                    s.access().requireGlobal(Privilege.CREATE_USER);
                }
                if (store.get(r.user(), r.host()).isEmpty()) {
                    if (!ifExists) {
                        failed.add(r.quoted());
                    }
                    continue;
                }
                resolved.add(r);
            }
            if (!failed.isEmpty()) {
                throw MySqlError.ER_CANNOT_USER.exception("ALTER USER", String.join(",", failed));
            }
            commitFirst(s);
            for (Spec r : resolved) {
                Account a = store.get(r.user(), r.host()).orElseThrow();
                byte[] nativeHash = a.nativeHash();
                byte[] sha2 = a.sha2Hash();
                if (r.password() != null) {
                    nativeHash = PasswordHashes.nativeHash(r.password());
                    sha2 = PasswordHashes.sha2Hash(r.password());
                }
                store.put(new Account(a.user(), a.host(), r.plugin() == null ? a.plugin() : r.plugin(), nativeHash, sha2,
                        o.tls() == null ? a.tlsRequirement() : o.tls(), o.locked() == null ? a.locked() : o.locked()));
            }
            return Result.Ok.EMPTY;
        } catch (SQLException e) {
            throw masked(e, c);
        }
    }

    static Result dropUser(H2Session s, TokenCursor c) throws SQLException {
        s.access().requireGlobal(Privilege.CREATE_USER);
        boolean ifExists = c.accept("IF", "EXISTS");
        List<String[]> names = new ArrayList<>();
        do {
            names.add(accountName(c));
        } while (c.acceptSymbol(","));
        c.expectEnd();
        AccountStore store = s.engine().accounts();
        List<String> failed = new ArrayList<>();
        List<Warning> notes = new ArrayList<>();
        for (String[] n : names) {
            if (store.get(n[0], n[1]).isEmpty()) {
                String q = "'" + n[0] + "'@'" + n[1] + "'";
                if (ifExists) {
                    notes.add(new Warning("Note", 3162, MySqlError.ER_USER_DOES_NOT_EXIST.message(q)));
                } else {
                    failed.add(q);
                }
            }
        }
        if (!failed.isEmpty()) {
            throw MySqlError.ER_CANNOT_USER.exception("DROP USER", String.join(",", failed));
        }
        commitFirst(s);
        for (String[] n : names) {
            store.remove(n[0], n[1]);
        }
        s.setWarnings(notes);
        return Result.Ok.EMPTY;
    }

    /** SET PASSWORD [FOR user] = 'pw'. */
    static Result setPassword(H2Session s, TokenCursor c) throws SQLException {
        try {
            c.expect("PASSWORD");
            Account self = s.connectionInfo().account();
            String[] name = {self.user(), self.host()};
            if (c.accept("FOR")) {
                name = accountName(c);
                if (!(name[0].equals(self.user()) && name[1].equalsIgnoreCase(self.host()))) {
                    s.access().requireGlobal(Privilege.CREATE_USER);
                }
            }
            c.expectSymbol("=");
            if (c.peek() != null && c.peek().is("PASSWORD")) {
                throw MySqlError.ER_NOT_SUPPORTED_YET.exception("SET PASSWORD = PASSWORD(...)");
            }
            String pw = c.string();
            c.expectEnd();
            AccountStore store = s.engine().accounts();
            Account a = store.get(name[0], name[1]).orElse(null);
            if (a == null) {
                throw MySqlError.ER_CANNOT_USER.exception("SET PASSWORD", "'" + name[0] + "'@'" + name[1] + "'");
            }
            store.put(new Account(a.user(), a.host(), a.plugin(), PasswordHashes.nativeHash(pw), PasswordHashes.sha2Hash(pw),
                    a.tlsRequirement(), a.locked()));
            return Result.Ok.EMPTY;
        } catch (SQLException e) {
            throw masked(e, c);
        }
    }

    private static void commitFirst(H2Session s) throws SQLException {
        if (s.inTransaction()) {
            s.commit(); // account statements commit implicitly, as in MySQL
        }
    }

    private record PrivList(Set<Privilege> privileges, boolean all, List<String> names) {
    }

    private static PrivList privileges(TokenCursor c) throws SQLException {
        if (c.accept("ALL")) {
            c.accept("PRIVILEGES");
            return new PrivList(EnumSet.noneOf(Privilege.class), true, List.of("ALL"));
        }
        Set<Privilege> set = EnumSet.noneOf(Privilege.class);
        List<String> names = new ArrayList<>();
        do {
            Token t = c.next();
            if (!t.isIdentifier()) {
                throw c.syntaxError();
            }
            String name = t.name().toUpperCase(Locale.ROOT);
            if ((name.equals("REPLICATION") || name.equals("CREATE") || name.equals("GRANT") || name.equals("SHOW"))
                    && c.peek() != null && c.peek().type() == Token.Type.WORD && !c.peek().is("ON") && !c.peek().isSymbol(",")) {
                name = name + " " + c.next().value();
            }
            if (name.equals("USAGE")) {
                continue;
            }
            Privilege p = Privilege.byName(name);
            if (p == null) {
                throw MySqlError.ER_NOT_SUPPORTED_YET.exception("privilege " + name);
            }
            set.add(p);
            names.add(name);
        } while (c.acceptSymbol(","));
        return new PrivList(set, false, names);
    }

    private static Level level(H2Session s, TokenCursor c) throws SQLException {
        c.accept("TABLE");
        String db;
        String table;
        if (c.acceptSymbol("*")) {
            if (c.acceptSymbol(".")) {
                c.expectSymbol("*");
                return Level.GLOBAL;
            }
            db = s.schemaFor(null);
            table = "*";
        } else {
            String first = c.identifier();
            if (c.acceptSymbol(".")) {
                db = first;
                table = c.acceptSymbol("*") ? "*" : c.identifier();
            } else {
                db = s.schemaFor(null);
                table = first;
            }
        }
        return new Level(db.toLowerCase(Locale.ROOT), table.equals("*") ? "*" : table.toLowerCase(Locale.ROOT));
    }

    private static Set<Privilege> resolve(PrivList list, Level level) throws SQLException {
        Set<Privilege> set = list.all() ? Privilege.all(level.global()) : EnumSet.copyOf(
                list.privileges().isEmpty() ? EnumSet.noneOf(Privilege.class) : list.privileges());
        if (!level.global()) {
            for (Privilege p : set) {
                if (p.globalOnly()) {
                    if (p.dynamic()) {
                        throw MySqlError.ER_ILLEGAL_PRIVILEGE_LEVEL.exception(p.sqlName());
                    }
                    throw MySqlError.ER_WRONG_USAGE.exception("DB GRANT", "GLOBAL PRIVILEGES");
                }
            }
        }
        return set;
    }

    /** The grantor needs GRANT OPTION and every privilege it grants, at that level or above. */
    private static void checkGrantor(H2Session s, Level level, Set<Privilege> privileges, String command) throws SQLException {
        Access a = s.access();
        Account who = a.account();
        AccountStore store = s.engine().accounts();
        String db = level.global() ? null : level.db();
        String table = level.table().equals("*") ? null : level.table();
        Set<Privilege> needed = EnumSet.of(Privilege.GRANT_OPTION);
        needed.addAll(privileges);
        for (Privilege p : needed) {
            boolean ok = p == Privilege.GRANT_OPTION && !level.global()
                    ? store.has(who, p, db, table) || store.has(who, p, null, null)
                    : store.has(who, p, db, table);
            if (!ok) {
                if (level.global()) {
                    throw MySqlError.ER_ACCESS_DENIED_ERROR.exception(who.user(), a.shownHost(), "YES");
                }
                if (table == null) {
                    throw MySqlError.ER_DBACCESS_DENIED_ERROR.exception(who.user(), a.shownHost(), level.db());
                }
                throw MySqlError.ER_TABLEACCESS_DENIED_ERROR.exception(command, who.user(), a.shownHost(), level.table());
            }
        }
    }

    private static Result grant(H2Session s, TokenCursor c) throws SQLException {
        PrivList list = privileges(c);
        c.expect("ON");
        Level level = level(s, c);
        c.expect("TO");
        List<String[]> users = new ArrayList<>();
        do {
            users.add(accountName(c));
        } while (c.acceptSymbol(","));
        boolean grantOption = c.accept("WITH", "GRANT", "OPTION");
        c.expectEnd();
        if (level.db().equalsIgnoreCase(io.jgr.store.catalog.TypeCatalog.INTERNAL_SCHEMA)) {
            throw MySqlError.ER_DBACCESS_DENIED_ERROR.exception(s.connectionInfo().account().user(),
                    s.access().shownHost(), level.db());
        }
        Set<Privilege> privileges = resolve(list, level);
        if (grantOption) {
            privileges.add(Privilege.GRANT_OPTION);
        }
        checkGrantor(s, level, privileges, "GRANT");
        AccountStore store = s.engine().accounts();
        for (String[] u : users) {
            if (store.get(u[0], u[1]).isEmpty()) {
                throw MySqlError.ER_CANT_CREATE_USER_WITH_GRANT.exception();
            }
        }
        commitFirst(s);
        for (String[] u : users) {
            store.grant(u[0], u[1], level, privileges);
        }
        return Result.Ok.EMPTY;
    }

    private static Result revoke(H2Session s, TokenCursor c) throws SQLException {
        c.accept("IF", "EXISTS");
        PrivList list = privileges(c);
        boolean allEverywhere = false;
        if (list.all() && c.acceptSymbol(",")) {
            c.expect("GRANT");
            c.expect("OPTION");
            allEverywhere = true;
        }
        Level level = null;
        if (!allEverywhere) {
            c.expect("ON");
            level = level(s, c);
        }
        c.expect("FROM");
        List<String[]> users = new ArrayList<>();
        do {
            users.add(accountName(c));
        } while (c.acceptSymbol(","));
        c.expectEnd();
        AccountStore store = s.engine().accounts();
        if (allEverywhere) {
            s.access().requireGlobal(Privilege.CREATE_USER);
            commitFirst(s);
            for (String[] u : users) {
                if (store.get(u[0], u[1]).isEmpty()) {
                    throw MySqlError.ER_NONEXISTING_GRANT.exception(u[0], u[1]);
                }
                Account a = store.get(u[0], u[1]).orElseThrow();
                store.remove(u[0], u[1]);
                store.put(a);
            }
            return Result.Ok.EMPTY;
        }
        Set<Privilege> privileges = resolve(list, level);
        if (list.all()) {
            privileges.add(Privilege.GRANT_OPTION);
        }
        Set<Privilege> check = EnumSet.copyOf(privileges.isEmpty() ? EnumSet.of(Privilege.GRANT_OPTION) : privileges);
        check.remove(Privilege.GRANT_OPTION);
        checkGrantor(s, level, check, "REVOKE");
        commitFirst(s);
        for (String[] u : users) {
            if (store.get(u[0], u[1]).isEmpty() || !store.revoke(u[0], u[1], level, privileges)) {
                throw MySqlError.ER_NONEXISTING_GRANT.exception(u[0], u[1]);
            }
        }
        return Result.Ok.EMPTY;
    }
}
