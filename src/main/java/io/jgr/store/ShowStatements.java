package io.jgr.store;

import io.jgr.server.config.SessionVariables.Scope;
import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.SqlLike;
import io.jgr.sql.statement.Token;
import io.jgr.sql.statement.TokenCursor;
import io.jgr.store.account.Privilege;
import io.jgr.store.catalog.MySqlType;
import io.jgr.store.catalog.TableInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SHOW ... and DESCRIBE, synthesised in MySQL's column layout (H2 has none of them in MySQL's form). */
final class ShowStatements {
    private ShowStatements() {
    }

    static Column text(String name) {
        return Column.computed(name, ColumnType.VAR_STRING, Column.CHARSET_UTF8MB4, 256, 0, 0);
    }

    static Column number(String name) {
        return Column.computed(name, ColumnType.LONGLONG, Column.CHARSET_BINARY, 21, Column.NUM_FLAG, 0);
    }

    static Result execute(H2Session s, TokenCursor c) throws SQLException {
        c.next(); // SHOW
        boolean full = c.accept("FULL");
        Scope scope = c.accept("GLOBAL") ? Scope.GLOBAL : c.accept("SESSION") || c.accept("LOCAL") ? Scope.SESSION : null;
        Token what = c.next();
        if (what.type() != Token.Type.WORD) {
            throw c.syntaxError();
        }
        switch (what.value()) {
            case "DATABASES", "SCHEMAS" -> {
                String like = like(c);
                List<Object[]> rows = new ArrayList<>();
                rows.add(new Object[] {"information_schema"});
                for (String db : H2Engine.userSchemas(s.connection())) {
                    if (s.access().canSee(db)) {
                        rows.add(new Object[] {db});
                    }
                }
                rows.sort((a, b) -> ((String) a[0]).compareTo((String) b[0]));
                return filtered(List.of(text("Database" + (like != null ? " (" + like + ")" : ""))), rows, like, 0);
            }
            case "TABLES" -> {
                String db = fromDb(s, c);
                String like = like(c);
                s.access().requireAnyIn(db);
                String real = s.realSchema(db);
                if (real == null) {
                    throw MySqlError.ER_BAD_DB_ERROR.exception(db);
                }
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement ps = s.connection().prepareStatement("SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME")) {
                    ps.setString(1, real);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String type = "BASE TABLE".equals(rs.getString(2)) || "TABLE".equals(rs.getString(2)) ? "BASE TABLE" : "VIEW";
                            rows.add(full ? new Object[] {rs.getString(1), type} : new Object[] {rs.getString(1)});
                        }
                    }
                }
                String label = "Tables_in_" + real + (like != null ? " (" + like + ")" : "");
                List<Column> cols = full ? List.of(text(label), text("Table_type")) : List.of(text(label));
                return filtered(cols, rows, like, 0);
            }
            case "COLUMNS", "FIELDS" -> {
                if (!c.accept("FROM")) {
                    c.expect("IN");
                }
                String[] name = tableName(s, c);
                if (c.accept("FROM") || c.accept("IN")) {
                    name[0] = c.identifier();
                }
                String like = like(c);
                return columns(s, name[0], name[1], full, like);
            }
            case "CREATE" -> {
                if (c.accept("DATABASE") || c.accept("SCHEMA")) {
                    c.accept("IF", "NOT", "EXISTS");
                    String db = c.identifier();
                    c.expectEnd();
                    s.access().requireAnyIn(db);
                    String real = s.realSchema(db);
                    if (real == null) {
                        throw MySqlError.ER_BAD_DB_ERROR.exception(db);
                    }
                    return new Result.Rows(List.of(text("Database"), text("Create Database")), List.<Object[]>of(new Object[] {real,
                            "CREATE DATABASE `" + real + "` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */ /*!80016 DEFAULT ENCRYPTION='N' */"}));
                }
                c.expect("TABLE");
                String[] name = tableName(s, c);
                c.expectEnd();
                TableInfo t = table(s, name[0], name[1]);
                return new Result.Rows(List.of(text("Table"), text("Create Table")),
                        List.<Object[]>of(new Object[] {t.name(), createTable(t)}));
            }
            case "INDEX", "INDEXES", "KEYS" -> {
                if (!c.accept("FROM")) {
                    c.expect("IN");
                }
                String[] name = tableName(s, c);
                if (c.accept("FROM") || c.accept("IN")) {
                    name[0] = c.identifier();
                }
                c.expectEnd();
                return indexes(s, name[0], name[1]);
            }
            case "VARIABLES" -> {
                String like = like(c);
                List<Object[]> rows = new ArrayList<>();
                for (Map.Entry<String, String> e : s.vars().show(scope == null ? Scope.SESSION : scope).entrySet()) {
                    rows.add(new Object[] {e.getKey(), e.getValue()});
                }
                return filtered(List.of(text("Variable_name"), text("Value")), rows, like, 0);
            }
            case "STATUS" -> {
                String like = like(c);
                List<Object[]> rows = new ArrayList<>();
                rows.add(new Object[] {"Threads_connected", Integer.toString(s.engine().sessionCount())});
                rows.add(new Object[] {"Uptime", Long.toString(s.engine().uptimeSeconds())});
                // This connection's TLS, as MySQL's session status (empty over plaintext).
                rows.add(new Object[] {"Ssl_cipher", nullToEmpty(s.connectionInfo().tlsCipher())});
                rows.add(new Object[] {"Ssl_version", nullToEmpty(s.connectionInfo().tlsVersion())});
                for (var provider : s.engine().statusProviders()) {
                    provider.get().forEach((k, v) -> rows.add(new Object[] {k, v}));
                }
                return filtered(List.of(text("Variable_name"), text("Value")), rows, like, 0);
            }
            case "WARNINGS", "ERRORS" -> {
                c.expectEnd();
                boolean errors = what.is("ERRORS");
                List<Object[]> rows = new ArrayList<>();
                for (Warning w : s.warnings()) {
                    if (!errors || w.level().equals("Error")) {
                        rows.add(new Object[] {w.level(), (long) w.code(), w.message()});
                    }
                }
                return new Result.Rows(List.of(text("Level"), number("Code"), text("Message")), rows);
            }
            case "COUNT" -> {
                c.expectSymbol("(");
                c.expectSymbol("*");
                c.expectSymbol(")");
                Token kind = c.next();
                c.expectEnd();
                long n = s.warnings().stream().filter(w -> !kind.is("ERRORS") || w.level().equals("Error")).count();
                return new Result.Rows(List.of(number("@@session." + (kind.is("ERRORS") ? "error_count" : "warning_count"))),
                        List.<Object[]>of(new Object[] {n}));
            }
            case "GRANTS" -> {
                String user = s.connectionInfo().account().user();
                String host = s.connectionInfo().account().host();
                if (c.accept("FOR")) {
                    if (c.accept("CURRENT_USER")) {
                        if (c.acceptSymbol("(")) {
                            c.expectSymbol(")");
                        }
                    } else {
                        String[] account = AccountStatements.accountName(c);
                        if (!(account[0].equals(user) && account[1].equalsIgnoreCase(host))) {
                            s.access().requireGlobal(Privilege.SUPER, Privilege.CREATE_USER);
                        }
                        user = account[0];
                        host = account[1];
                        if (s.engine().accounts().get(user, host).isEmpty()) {
                            throw MySqlError.ER_NONEXISTING_GRANT.exception(user, host);
                        }
                    }
                }
                c.expectEnd();
                List<Object[]> rows = new ArrayList<>();
                for (String line : s.engine().accounts().showGrants(user, host)) {
                    rows.add(new Object[] {line});
                }
                return new Result.Rows(List.of(text("Grants for " + user + "@" + host.toLowerCase(Locale.ROOT))), rows);
            }
            case "ENGINES" -> {
                c.expectEnd();
                return new Result.Rows(List.of(text("Engine"), text("Support"), text("Comment"), text("Transactions"), text("XA"),
                        text("Savepoints")), List.<Object[]>of(new Object[] {"InnoDB", "DEFAULT",
                        "Supports transactions, row-level locking, and foreign keys (stored in H2)", "YES", "NO", "YES"}));
            }
            default -> throw MySqlError.ER_NOT_SUPPORTED_YET.exception("SHOW " + what.text().toUpperCase(Locale.ROOT));
        }
    }

    /** DESCRIBE t [col] / EXPLAIN t. */
    private static String nullToEmpty(String v) {
        return v == null ? "" : v;
    }

    static Result describe(H2Session s, TokenCursor c) throws SQLException {
        c.next();
        Token t = c.peek();
        if (t == null || !t.isIdentifier() || t.is("SELECT") || t.is("INSERT") || t.is("UPDATE") || t.is("DELETE")
                || t.is("REPLACE") || t.is("FORMAT") || t.is("ANALYZE") || t.is("WITH")) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("EXPLAIN");
        }
        String[] name = tableName(s, c);
        String like = null;
        if (!c.atEnd()) {
            Token col = c.next();
            like = col.type() == Token.Type.STRING ? col.value() : col.name();
        }
        c.expectEnd();
        return columns(s, name[0], name[1], false, like);
    }

    private static String fromDb(H2Session s, TokenCursor c) throws SQLException {
        if (c.accept("FROM") || c.accept("IN")) {
            return c.identifier();
        }
        return s.schemaFor(null);
    }

    /** [db.]table → {db, table}; the db defaults to the current one (1046 if none). */
    static String[] tableName(H2Session s, TokenCursor c) throws SQLException {
        String first = c.identifier();
        if (c.acceptSymbol(".")) {
            return new String[] {first, c.identifier()};
        }
        return new String[] {s.currentSchema(), first};
    }

    private static String like(TokenCursor c) throws SQLException {
        if (c.accept("LIKE")) {
            String p = c.string();
            c.expectEnd();
            return p;
        }
        if (c.accept("WHERE")) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("SHOW ... WHERE");
        }
        c.expectEnd();
        return null;
    }

    private static Result filtered(List<Column> cols, List<Object[]> rows, String like, int col) {
        if (like == null) {
            return new Result.Rows(cols, rows);
        }
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) {
            if (SqlLike.matches(like, (String) r[col])) {
                out.add(r);
            }
        }
        return new Result.Rows(cols, out);
    }

    private static TableInfo table(H2Session s, String db, String table) throws SQLException {
        if (db == null) {
            throw MySqlError.ER_NO_DB_ERROR.exception();
        }
        if (H2Engine.isHidden(db)) {
            throw MySqlError.ER_DBACCESS_DENIED_ERROR.exception(s.connectionInfo().account().user(), s.access().shownHost(), db);
        }
        s.access().requireTable(Privilege.SELECT, db, table);
        TableInfo t = s.engine().catalog().table(s.connection(), db, table);
        if (t == null) {
            throw MySqlError.ER_NO_SUCH_TABLE.exception(db + "." + table);
        }
        return t;
    }

    private static Result columns(H2Session s, String db, String tableName, boolean full, String like) throws SQLException {
        TableInfo t = table(s, db, tableName);
        List<Object[]> rows = new ArrayList<>();
        for (TableInfo.ColumnInfo col : t.columns()) {
            String key = (col.keyFlags() & Column.PRI_KEY_FLAG) != 0 ? "PRI" : (col.keyFlags() & Column.UNIQUE_KEY_FLAG) != 0 ? "UNI"
                    : (col.keyFlags() & Column.MULTIPLE_KEY_FLAG) != 0 ? "MUL" : "";
            String extra = col.autoIncrement() ? "auto_increment" : "";
            if (col.defaultExpr() != null && col.defaultValue() != null && col.defaultValue().startsWith("CURRENT_TIMESTAMP")) {
                extra = "DEFAULT_GENERATED";
            }
            if (col.onUpdate() != null) {
                extra = (extra.isEmpty() ? "" : extra + " ") + "on update CURRENT_TIMESTAMP";
            }
            String collation = col.type().charset() == Column.CHARSET_UTF8MB4 ? "utf8mb4_0900_ai_ci" : null;
            if (full) {
                rows.add(new Object[] {col.name(), col.type().declared(), collation, col.nullable() ? "YES" : "NO", key, col.defaultValue(),
                        extra, "select,insert,update,references", ""});
            } else {
                rows.add(new Object[] {col.name(), col.type().declared(), col.nullable() ? "YES" : "NO", key, col.defaultValue(), extra});
            }
        }
        List<Column> cols = full
                ? List.of(text("Field"), text("Type"), text("Collation"), text("Null"), text("Key"), text("Default"), text("Extra"),
                text("Privileges"), text("Comment"))
                : List.of(text("Field"), text("Type"), text("Null"), text("Key"), text("Default"), text("Extra"));
        return filtered(cols, rows, like, 0);
    }

    private static Result indexes(H2Session s, String db, String tableName) throws SQLException {
        TableInfo t = table(s, db, tableName);
        List<Object[]> rows = new ArrayList<>();
        for (TableInfo.IndexInfo ix : t.indexes()) {
            long seq = 1;
            for (String col : ix.columns()) {
                TableInfo.ColumnInfo ci = t.column(col);
                rows.add(new Object[] {t.name(), ix.unique() ? 0L : 1L, ix.name(), seq++, col, "A", 0L, null, null,
                        ci != null && ci.nullable() ? "YES" : "", "BTREE", "", "", "YES", null});
            }
        }
        return new Result.Rows(List.of(text("Table"), number("Non_unique"), text("Key_name"), number("Seq_in_index"), text("Column_name"),
                text("Collation"), number("Cardinality"), number("Sub_part"), text("Packed"), text("Null"), text("Index_type"),
                text("Comment"), text("Index_comment"), text("Visible"), text("Expression")), rows);
    }

    /** SHOW CREATE TABLE in MySQL 8's layout, from the declared types and H2's keys. */
    static String createTable(TableInfo t) {
        StringBuilder b = new StringBuilder("CREATE TABLE `").append(t.name()).append("` (\n");
        List<String> lines = new ArrayList<>();
        for (TableInfo.ColumnInfo c : t.columns()) {
            MySqlType type = c.type();
            StringBuilder l = new StringBuilder("  `").append(c.name()).append("` ").append(type.declared());
            boolean blob = (type.flags() & Column.BLOB_FLAG) != 0;
            if (!c.nullable()) {
                l.append(" NOT NULL");
            } else if (type.base().equals("timestamp")) {
                l.append(" NULL");
            }
            if (c.defaultValue() != null && !c.autoIncrement()) {
                String d = c.defaultValue();
                l.append(" DEFAULT ").append(d.startsWith("CURRENT_TIMESTAMP") ? d : "'" + d.replace("'", "''") + "'");
            } else if (c.nullable() && !blob && !c.autoIncrement()) {
                l.append(" DEFAULT NULL");
            }
            if (c.autoIncrement()) {
                l.append(" AUTO_INCREMENT");
            }
            if (c.onUpdate() != null) {
                l.append(" ON UPDATE CURRENT_TIMESTAMP");
                int paren = c.onUpdate().indexOf('(');
                if (paren > 0) {
                    l.append(c.onUpdate().substring(paren));
                }
            }
            lines.add(l.toString());
        }
        for (TableInfo.IndexInfo ix : t.indexes()) {
            String cols = String.join(",", ix.columns().stream().map(x -> "`" + x + "`").toList());
            if (ix.primary()) {
                lines.add("  PRIMARY KEY (" + cols + ")");
            } else {
                lines.add("  " + (ix.unique() ? "UNIQUE KEY" : "KEY") + " `" + ix.name() + "` (" + cols + ")");
            }
        }
        for (TableInfo.ForeignKeyInfo fk : t.foreignKeys()) {
            StringBuilder l = new StringBuilder("  CONSTRAINT `").append(fk.name()).append("` FOREIGN KEY (")
                    .append(String.join(", ", fk.columns().stream().map(x -> "`" + x + "`").toList())).append(") REFERENCES `");
            if (!fk.refSchema().equalsIgnoreCase(t.schema())) {
                l.append(fk.refSchema()).append("`.`");
            }
            l.append(fk.refTable()).append("` (").append(String.join(", ", fk.refColumns().stream().map(x -> "`" + x + "`").toList())).append(')');
            if (fk.onDelete() != null && !fk.onDelete().equals("RESTRICT") && !fk.onDelete().equals("NO ACTION")) {
                l.append(" ON DELETE ").append(fk.onDelete());
            }
            if (fk.onUpdate() != null && !fk.onUpdate().equals("RESTRICT") && !fk.onUpdate().equals("NO ACTION")) {
                l.append(" ON UPDATE ").append(fk.onUpdate());
            }
            lines.add(l.toString());
        }
        for (TableInfo.CheckInfo check : t.checks()) {
            lines.add("  CONSTRAINT `" + check.name() + "` CHECK (" + check.clause().replace('"', '`') + ")");
        }
        b.append(String.join(",\n", lines));
        b.append("\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci");
        return b.toString();
    }
}
