package io.jgr.store;

import io.jgr.sql.engine.Account;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.StatementKind;
import io.jgr.sql.statement.TableRefs;
import io.jgr.sql.statement.Token;
import io.jgr.store.account.AccountStore;
import io.jgr.store.account.Privilege;
import io.jgr.store.catalog.TypeCatalog;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Privilege checks with MySQL's errors: 1142 for a table, 1044 for a database, 1227 for a global privilege. */
final class Access {
    private static final Set<String> OPEN_SCHEMAS = Set.of("information_schema", "performance_schema");

    private final AccountStore accounts;
    private final Account who;
    /** The client's address as MySQL names the user in denials ('app'@'192.0.2.10', not the account's '%'). */
    private final String clientHost;

    Access(AccountStore accounts, Account who, String clientHost) {
        this.accounts = accounts;
        this.who = who;
        this.clientHost = clientHost == null ? who.host() : clientHost;
    }

    /** The host part of 'user'@'host' in denial texts. */
    String shownHost() {
        return clientHost;
    }

    Account account() {
        return who;
    }

    /** The privileges a DML statement needs on the tables it names. */
    void checkDml(StatementKind kind, List<Token> tokens, String currentSchema) throws SQLException {
        for (Token t : tokens) {
            if (t.isIdentifier() && t.name().equalsIgnoreCase(TypeCatalog.INTERNAL_SCHEMA)) {
                throw MySqlError.ER_DBACCESS_DENIED_ERROR.exception(who.user(), clientHost, TypeCatalog.INTERNAL_SCHEMA);
            }
        }
        Set<Privilege> global = accounts.global(who);
        Privilege targetPriv = switch (kind) {
            case INSERT -> Privilege.INSERT;
            case REPLACE -> Privilege.DELETE;
            case UPDATE -> Privilege.UPDATE;
            case DELETE -> Privilege.DELETE;
            default -> Privilege.SELECT;
        };
        if (global.contains(Privilege.SELECT) && global.contains(targetPriv) && global.contains(Privilege.INSERT)) {
            return; // covered everywhere: skip finding the tables
        }
        for (TableRefs.Ref ref : TableRefs.of(tokens, kind)) {
            String db = ref.schema() != null ? ref.schema() : currentSchema;
            if (db == null) {
                continue; // H2 reports the missing table / 1046
            }
            if (OPEN_SCHEMAS.contains(db.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (ref.target()) {
                if (kind == StatementKind.REPLACE) {
                    requireTable(Privilege.INSERT, db, ref.table());
                }
                requireTable(targetPriv, db, ref.table());
            } else {
                requireTable(Privilege.SELECT, db, ref.table());
            }
        }
    }

    void requireTable(Privilege p, String db, String table) throws SQLException {
        if (db.equalsIgnoreCase(TypeCatalog.INTERNAL_SCHEMA) || !accounts.has(who, p, db, table)) {
            throw MySqlError.ER_TABLEACCESS_DENIED_ERROR.exception(p.sqlName(), who.user(), clientHost, table);
        }
    }

    void requireDb(Privilege p, String db) throws SQLException {
        if (db.equalsIgnoreCase(TypeCatalog.INTERNAL_SCHEMA) || !accounts.has(who, p, db, null)) {
            throw MySqlError.ER_DBACCESS_DENIED_ERROR.exception(who.user(), clientHost, db);
        }
    }

    /** USE, SHOW TABLES: any privilege in the database. */
    void requireAnyIn(String db) throws SQLException {
        if (OPEN_SCHEMAS.contains(db.toLowerCase(Locale.ROOT))) {
            return;
        }
        if (db.equalsIgnoreCase(TypeCatalog.INTERNAL_SCHEMA) || !accounts.hasAnyIn(who, db)) {
            throw MySqlError.ER_DBACCESS_DENIED_ERROR.exception(who.user(), clientHost, db);
        }
    }

    boolean canSee(String db) {
        return !db.equalsIgnoreCase(TypeCatalog.INTERNAL_SCHEMA) && (OPEN_SCHEMAS.contains(db.toLowerCase(Locale.ROOT)) || accounts.hasAnyIn(who, db));
    }

    boolean hasGlobal(Privilege p) {
        return accounts.has(who, p, null, null);
    }

    /** 1227 unless the account holds one of the global privileges. */
    void requireGlobal(Privilege... anyOf) throws SQLException {
        for (Privilege p : anyOf) {
            if (hasGlobal(p)) {
                return;
            }
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < anyOf.length; i++) {
            if (i > 0) {
                names.append(" or ");
            }
            names.append(anyOf[i].sqlName());
        }
        throw MySqlError.ER_SPECIFIC_ACCESS_DENIED_ERROR.exception(names.toString());
    }
}
