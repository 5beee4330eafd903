package io.jgr.store;

import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.H2Rewriter;
import io.jgr.sql.statement.SqlLiterals;
import io.jgr.sql.statement.StatementKind;
import io.jgr.sql.statement.Token;
import io.jgr.sql.statement.TokenCursor;
import io.jgr.store.account.Privilege;
import io.jgr.store.capture.CapturedTransaction;
import io.jgr.store.catalog.IndexNames;
import io.jgr.store.catalog.MySqlType;
import io.jgr.store.catalog.TypeCatalog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DDL: commits the open transaction first (as MySQL does), runs the H2 form, keeps the type
 * catalog in step, recreates the schema's capture triggers, and reports the statement to the
 * commit hook. Column types are rewritten to H2 types that hold MySQL's full range.
 */
final class DdlStatements {
    /** How long DDL waits for running statements to finish before giving up with 1205. */
    private static final long DDL_LOCK_WAIT_SECONDS = 50;
    private static final AtomicLong CHECK_IDS = new AtomicLong(System.currentTimeMillis());
    private static final Set<String> CONSTRAINT_WORDS = Set.of("PRIMARY", "KEY", "INDEX", "UNIQUE", "CONSTRAINT", "FOREIGN", "CHECK");

    private DdlStatements() {
    }

    /** What one DDL statement does to H2 and, once H2 has done it, to the catalog. */
    private interface AfterDdl {
        void run() throws SQLException;
    }

    static Result execute(H2Session s, TokenCursor c, StatementKind kind) throws SQLException {
        USED_IN_STATEMENT.get().clear();
        Token first = c.next();
        switch (kind) {
            case CREATE -> {
                if (c.accept("TEMPORARY")) {
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("CREATE TEMPORARY TABLE");
                }
                if (c.accept("DATABASE") || c.accept("SCHEMA")) {
                    return createDatabase(s, c);
                }
                if (c.accept("TABLE")) {
                    return createTable(s, c);
                }
                boolean unique = c.accept("UNIQUE");
                if (c.accept("INDEX")) {
                    return createIndex(s, c, unique);
                }
                if (c.accept("USER")) {
                    return AccountStatements.createUser(s, c);
                }
                throw unsupported(c, first);
            }
            case ALTER -> {
                if (c.accept("TABLE")) {
                    return alterTable(s, c);
                }
                if (c.accept("USER")) {
                    return AccountStatements.alterUser(s, c);
                }
                throw unsupported(c, first);
            }
            case DROP -> {
                if (c.accept("DATABASE") || c.accept("SCHEMA")) {
                    return dropDatabase(s, c);
                }
                c.accept("TEMPORARY");
                if (c.accept("TABLE") || c.accept("TABLES")) {
                    return dropTable(s, c);
                }
                if (c.accept("INDEX")) {
                    return dropIndex(s, c);
                }
                if (c.accept("USER")) {
                    return AccountStatements.dropUser(s, c);
                }
                throw unsupported(c, first);
            }
            case TRUNCATE -> {
                c.accept("TABLE");
                String[] name = ShowStatements.tableName(s, c);
                c.expectEnd();
                String db = s.schemaFor(name[0]);
                s.access().requireTable(Privilege.DROP, db, name[1]);
                return run(s, c.sql(), db, List.of("TRUNCATE TABLE " + q(db, name[1]) + " RESTART IDENTITY"), () -> { });
            }
            case RENAME -> {
                c.expect("TABLE");
                List<String> h2 = new ArrayList<>();
                List<String[]> renames = new ArrayList<>();
                String db = null;
                do {
                    String[] from = ShowStatements.tableName(s, c);
                    c.expect("TO");
                    String[] to = ShowStatements.tableName(s, c);
                    String fromDb = s.schemaFor(from[0]);
                    String toDb = s.schemaFor(to[0]);
                    if (!fromDb.equalsIgnoreCase(toDb)) {
                        throw MySqlError.ER_NOT_SUPPORTED_YET.exception("RENAME TABLE across databases");
                    }
                    s.access().requireTable(Privilege.ALTER, fromDb, from[1]);
                    s.access().requireTable(Privilege.DROP, fromDb, from[1]);
                    s.access().requireTable(Privilege.CREATE, toDb, to[1]);
                    s.access().requireTable(Privilege.INSERT, toDb, to[1]);
                    h2.add("ALTER TABLE " + q(fromDb, from[1]) + " RENAME TO " + SqlLiterals.identifier(to[1]));
                    renames.add(new String[] {fromDb, from[1], to[1]});
                    db = fromDb;
                } while (c.acceptSymbol(","));
                c.expectEnd();
                return run(s, c.sql(), db, renames.stream().map(r -> r[2]).toList(), h2, () -> {
                    for (String[] r : renames) {
                        s.engine().catalog().renameTable(r[0], r[1], r[0], r[2]);
                    }
                });
            }
            default -> throw c.syntaxError();
        }
    }

    private static SQLException unsupported(TokenCursor c, Token first) {
        Token what = c.peek();
        return MySqlError.ER_NOT_SUPPORTED_YET.exception(first.text().toUpperCase(Locale.ROOT)
                + (what == null ? "" : " " + what.text().toUpperCase(Locale.ROOT)));
    }

    static String q(String db, String table) {
        return SqlLiterals.identifier(db) + '.' + SqlLiterals.identifier(table);
    }

    /** Runs DDL as MySQL does: implicit commit first, then the H2 statements, the catalog, the triggers, the hook. */
    private static Result run(H2Session s, String sql, String schema, List<String> h2, AfterDdl after) throws SQLException {
        return run(s, sql, schema, List.of(), h2, after);
    }

    /** @param tables the tables (in {@code schema}, names after the statement) whose capture triggers must be replaced */
    private static Result run(H2Session s, String sql, String schema, List<String> tables, List<String> h2, AfterDdl after)
            throws SQLException {
        if (s.inTransaction()) {
            s.commit();
        }
        java.util.concurrent.locks.Lock exclusive = s.engine().ddlLock();
        try {
            if (!exclusive.tryLock(DDL_LOCK_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                throw MySqlError.ER_LOCK_WAIT_TIMEOUT.exception();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MySqlError.ER_LOCK_WAIT_TIMEOUT.exception();
        }
        try {
            try {
                for (String stmt : h2) {
                    s.statement().execute(stmt);
                }
            } catch (SQLException e) {
                try {
                    RollbackFence.rollback(s.connection());
                } catch (SQLException ignored) {
                    // DDL either happened or not; nothing else is open
                }
                throw H2Errors.translate(e, s.currentSchema(), sql);
            }
            after.run();
            if (schema != null && s.realSchema(schema) != null) {
                String real = s.realSchema(schema);
                if (!H2Engine.isHidden(real)) {
                    H2Engine.refreshTriggers(s.connection(), real, tables);
                }
                s.engine().catalog().invalidate(real);
            }
            s.connection().commit();
        } finally {
            exclusive.unlock();
        }
        if (s.replicates()) {
            s.engine().commitHook().beforeCommit(new CapturedTransaction(s.connectionId(), List.of(), sql, s.currentSchema(),
                    s.consistency()), s.connection());
        }
        return Result.Ok.EMPTY;
    }

    private static void checkSchemaName(H2Session s, String db) throws SQLException {
        String lower = db.toLowerCase(Locale.ROOT);
        if (H2Engine.isHidden(lower) || lower.equals("information_schema") || lower.equals("performance_schema")) {
            throw MySqlError.ER_DBACCESS_DENIED_ERROR.exception(s.connectionInfo().account().user(), s.access().shownHost(), db);
        }
    }

    private static Result createDatabase(H2Session s, TokenCursor c) throws SQLException {
        boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
        String db = c.identifier();
        skipDatabaseOptions(c);
        checkSchemaName(s, db);
        s.access().requireDb(Privilege.CREATE, db);
        String lower = db.toLowerCase(Locale.ROOT);
        if (s.realSchema(lower) != null) {
            if (!ifNotExists) {
                throw MySqlError.ER_DB_CREATE_EXISTS.exception(db);
            }
            s.setWarnings(List.of(new Warning("Note", 1007, MySqlError.ER_DB_CREATE_EXISTS.message(db))));
            return Result.Ok.EMPTY;
        }
        run(s, c.sql(), null, List.of("CREATE SCHEMA " + SqlLiterals.identifier(lower)), () -> { });
        return new Result.Ok(1, 0, "");
    }

    private static void skipDatabaseOptions(TokenCursor c) throws SQLException {
        while (!c.atEnd()) {
            c.accept("DEFAULT");
            if (c.accept("CHARACTER") ) {
                c.expect("SET");
            } else if (!(c.accept("CHARSET") || c.accept("COLLATE") || c.accept("ENCRYPTION"))) {
                throw c.syntaxError();
            }
            c.acceptSymbol("=");
            c.stringOrIdentifier();
        }
    }

    private static Result dropDatabase(H2Session s, TokenCursor c) throws SQLException {
        boolean ifExists = c.accept("IF", "EXISTS");
        String db = c.identifier();
        c.expectEnd();
        checkSchemaName(s, db);
        s.access().requireDb(Privilege.DROP, db);
        String real = s.realSchema(db);
        if (real == null) {
            if (!ifExists) {
                throw MySqlError.ER_DB_DROP_EXISTS.exception(db);
            }
            s.setWarnings(List.of(new Warning("Note", 1008, MySqlError.ER_DB_DROP_EXISTS.message(db))));
            return Result.Ok.EMPTY;
        }
        run(s, c.sql(), null, List.of("DROP SCHEMA " + SqlLiterals.identifier(real) + " CASCADE"), () -> {
            s.engine().catalog().dropSchema(real);
            s.schemaDropped(real);
        });
        return Result.Ok.EMPTY;
    }

    private static Result createTable(H2Session s, TokenCursor c) throws SQLException {
        boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
        String[] name = ShowStatements.tableName(s, c);
        String db = s.schemaFor(name[0]);
        String table = name[1];
        checkSchemaName(s, db);
        s.access().requireTable(Privilege.CREATE, db, table);
        if (s.realSchema(db) == null) {
            throw MySqlError.ER_BAD_DB_ERROR.exception(db);
        }
        StringBuilder h2 = new StringBuilder("CREATE TABLE ");
        if (ifNotExists) {
            h2.append("IF NOT EXISTS ");
        }
        h2.append(q(s.realSchema(db), table));
        Map<String, MySqlType> declared = new LinkedHashMap<>();
        if (c.accept("LIKE") || (c.peek() != null && c.peek().isSymbol("(") && c.peek(1) != null && c.peek(1).is("LIKE"))) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("CREATE TABLE ... LIKE");
        }
        if (c.acceptSymbol("(")) {
            List<String> elements = new ArrayList<>();
            List<String> checks = new ArrayList<>();
            do {
                elements.add(element(s, c, table, declared, checks));
            } while (c.acceptSymbol(","));
            c.expectSymbol(")");
            elements.addAll(checks);
            h2.append(" (").append(String.join(", ", elements)).append(')');
        }
        h2.append(tableOptions(s, c));
        if (!c.atEnd()) {
            c.accept("AS");
            if (c.peek() == null || !c.peek().is("SELECT")) {
                throw c.syntaxError();
            }
            h2.append(" AS ").append(H2Rewriter.rewrite(c.sql(), c.tokens(), c.position(), c.end(), s));
            c.position(c.end());
        }
        if (ifNotExists && s.engine().catalog().table(s.connection(), db, table) != null) {
            s.setWarnings(List.of(new Warning("Note", 1050, MySqlError.ER_TABLE_EXISTS_ERROR.message(table))));
            return Result.Ok.EMPTY;
        }
        return run(s, c.sql(), db, List.of(table), List.of(h2.toString()),
                () -> s.engine().catalog().record(s.connection(), db, table, declared));
    }

    /** One element of a CREATE TABLE list: a column definition (type rewritten) or a key/constraint. */
    private static String element(H2Session s, TokenCursor c, String table, Map<String, MySqlType> declared, List<String> checks)
            throws SQLException {
        Token t = c.peek();
        if (t == null) {
            throw c.syntaxError();
        }
        if (t.is("FULLTEXT") || t.is("SPATIAL")) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception(t.value() + " indexes");
        }
        if (t.type() == Token.Type.WORD && CONSTRAINT_WORDS.contains(t.value())) {
            return keyElement(s, c, table);
        }
        return columnDefinition(s, c, table, declared, checks);
    }

    /**
     * A key or constraint of CREATE TABLE / ALTER TABLE ADD. Index names get H2 names unique in the
     * schema ({@link IndexNames}); a PRIMARY KEY's name is dropped (MySQL ignores it); an unnamed
     * foreign key gets MySQL's name {@code table_ibfk_N}.
     */
    private static String keyElement(H2Session s, TokenCursor c, String table) throws SQLException {
        String constraintName = null;
        if (c.accept("CONSTRAINT")) {
            Token n = c.peek();
            if (n != null && n.isIdentifier() && !(n.is("PRIMARY") || n.is("UNIQUE") || n.is("FOREIGN") || n.is("CHECK"))) {
                constraintName = c.next().name();
            }
        }
        Token t = c.peek();
        if (t == null) {
            throw c.syntaxError();
        }
        if (t.is("PRIMARY")) {
            return rest(s, c);
        }
        if (t.is("UNIQUE") || t.is("KEY") || t.is("INDEX")) {
            boolean unique = c.accept("UNIQUE");
            if (!c.accept("KEY")) {
                c.accept("INDEX");
            }
            String name = indexName(c);
            if (name == null) {
                name = constraintName;
            }
            if (unique) {
                return (name == null ? "" : "CONSTRAINT " + SqlLiterals.identifier(IndexNames.h2Name(name)) + " ") + "UNIQUE " + rest(s, c);
            }
            return "KEY " + (name == null ? "" : SqlLiterals.identifier(IndexNames.h2Name(name)) + " ") + rest(s, c);
        }
        String body = rest(s, c);
        if (t.is("FOREIGN") && constraintName == null) {
            constraintName = nextConstraintName(s, table, "_ibfk_"); // MySQL's name for an unnamed foreign key
        } else if (t.is("CHECK") && constraintName == null) {
            constraintName = nextConstraintName(s, table, "_chk_"); // and for an unnamed check constraint
        }
        return (constraintName == null ? "" : "CONSTRAINT " + SqlLiterals.identifier(constraintName) + " ") + body;
    }

    /** An index name before the column list, if any (USING BTREE/HASH skipped). */
    private static String indexName(TokenCursor c) throws SQLException {
        String name = null;
        Token n = c.peek();
        if (n != null && n.isIdentifier() && !n.is("USING")) {
            name = c.next().name();
        }
        if (c.accept("USING")) {
            c.next();
        }
        return name;
    }

    /** The rest of the element as H2 text, without USING BTREE/HASH (H2 chooses its own index type). */
    private static String rest(H2Session s, TokenCursor c) throws SQLException {
        int from = c.position();
        int to = elementEnd(c);
        StringBuilder out = new StringBuilder();
        int seg = from;
        for (int k = from; k < to; k++) {
            if (c.tokens().get(k).is("USING") && k + 1 < to) {
                if (k > seg) {
                    out.append(H2Rewriter.rewrite(c.sql(), c.tokens(), seg, k, s)).append(' ');
                }
                seg = k + 2;
                k++;
            }
        }
        if (to > seg) {
            out.append(H2Rewriter.rewrite(c.sql(), c.tokens(), seg, to, s));
        }
        return out.toString().trim();
    }

    /** name type [attributes]: the H2 text; records the declared type and any range check. */
    private static String columnDefinition(H2Session s, TokenCursor c, String table, Map<String, MySqlType> declared,
                                           List<String> checks) throws SQLException {
        Token nameToken = c.next();
        if (!nameToken.isIdentifier()) {
            throw c.syntaxError();
        }
        String column = nameToken.name();
        String ident = SqlLiterals.identifier(column); // MySQL keeps a column name's case as written
        MySqlType type = MySqlType.parse(c);
        declared.put(column, type);
        StringBuilder out = new StringBuilder(ident).append(' ').append(type.h2Type());
        int from = c.position();
        List<int[]> keep = new ArrayList<>();
        int depth = 0;
        int segStart = from;
        while (!c.atEnd()) {
            Token t = c.peek();
            if (depth == 0 && (t.isSymbol(",") || t.isSymbol(")"))) {
                break;
            }
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            }
            if (depth == 0 && (t.is("CHARACTER") || t.is("CHARSET") || t.is("COLLATE"))) {
                keep.add(new int[] {segStart, c.position()});
                c.next();
                if (t.is("CHARACTER")) {
                    c.expect("SET");
                }
                c.stringOrIdentifier();
                segStart = c.position();
                continue;
            }
            c.next();
        }
        keep.add(new int[] {segStart, c.position()});
        for (int[] seg : keep) {
            if (seg[1] > seg[0]) {
                out.append(' ').append(H2Rewriter.rewrite(c.sql(), c.tokens(), seg[0], seg[1], s));
            }
        }
        String[] range = type.range();
        if (range != null) {
            String check = TypeCatalog.RANGE_CHECK_PREFIX + Long.toHexString(CHECK_IDS.incrementAndGet()) + "_" + column.toLowerCase(Locale.ROOT);
            checks.add("CONSTRAINT " + SqlLiterals.identifier(check) + " CHECK (" + ident
                    + (range[1] == null ? " >= " + range[0] : " BETWEEN " + range[0] + " AND " + range[1]) + ")");
        }
        return out.toString();
    }

    /** table_ibfk_N / table_chk_N with the first N not yet used in the database (nor earlier in this statement). */
    private static String nextConstraintName(H2Session s, String table, String infix) throws SQLException {
        String prefix = table.toLowerCase(Locale.ROOT) + infix;
        java.util.Set<String> used = new java.util.HashSet<>();
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT LOWER(CONSTRAINT_NAME) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
                + "WHERE LOWER(CONSTRAINT_NAME) LIKE ?")) {
            ps.setString(1, prefix.replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    used.add(rs.getString(1));
                }
            }
        }
        for (int n = 1; ; n++) {
            String name = prefix + n;
            if (!used.contains(name) && USED_IN_STATEMENT.get().add(name)) {
                return name;
            }
        }
    }

    /** FK names handed out while one statement is being rewritten. */
    private static final ThreadLocal<java.util.Set<String>> USED_IN_STATEMENT = ThreadLocal.withInitial(java.util.HashSet::new);

    private static int elementEnd(TokenCursor c) throws SQLException {
        int depth = 0;
        while (!c.atEnd()) {
            Token t = c.peek();
            if (depth == 0 && (t.isSymbol(",") || t.isSymbol(")"))) {
                break;
            }
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            }
            c.next();
        }
        return c.position();
    }

    /** Table options: AUTO_INCREMENT and COMMENT kept, character sets dropped (all text is Unicode here), engines other than InnoDB refused. */
    private static String tableOptions(H2Session s, TokenCursor c) throws SQLException {
        StringBuilder out = new StringBuilder();
        while (!c.atEnd() && !c.peek().is("AS") && !c.peek().is("SELECT")) {
            c.accept("DEFAULT");
            Token t = c.next();
            if (t.is("ENGINE")) {
                c.acceptSymbol("=");
                String engine = c.stringOrIdentifier();
                if (!engine.equalsIgnoreCase("InnoDB")) {
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("storage engine " + engine);
                }
            } else if (t.is("CHARSET") || t.is("COLLATE") || (t.is("CHARACTER") && c.accept("SET"))) {
                c.acceptSymbol("=");
                c.stringOrIdentifier();
            } else if (t.is("AUTO_INCREMENT")) {
                c.acceptSymbol("=");
                Token n = c.next();
                out.append(" AUTO_INCREMENT=").append(n.text());
            } else if (t.is("COMMENT")) {
                c.acceptSymbol("=");
                out.append(" COMMENT ").append(SqlLiterals.quote(c.string()));
            } else if (t.is("ROW_FORMAT") || t.is("STATS_PERSISTENT") || t.is("STATS_AUTO_RECALC") || t.is("STATS_SAMPLE_PAGES")
                    || t.is("KEY_BLOCK_SIZE") || t.is("PACK_KEYS") || t.is("CHECKSUM") || t.is("DELAY_KEY_WRITE")
                    || t.is("AVG_ROW_LENGTH") || t.is("MAX_ROWS") || t.is("MIN_ROWS")) {
                c.acceptSymbol("=");
                c.next();
            } else if (t.is("PARTITION")) {
                throw MySqlError.ER_NOT_SUPPORTED_YET.exception("PARTITION BY");
            } else {
                c.position(c.position() - 1);
                throw c.syntaxError();
            }
            c.acceptSymbol(",");
        }
        return out.toString();
    }

    private static Result createIndex(H2Session s, TokenCursor c, boolean unique) throws SQLException {
        String index = c.identifier();
        if (c.accept("USING")) {
            c.next();
        }
        c.expect("ON");
        String[] name = ShowStatements.tableName(s, c);
        String db = s.schemaFor(name[0]);
        s.access().requireTable(Privilege.INDEX, db, name[1]);
        int from = c.position();
        int to = c.end();
        String cols = rest(s, c);
        return run(s, c.sql(), db, List.of(name[1]), List.of("CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + SqlLiterals.identifier(IndexNames.h2Name(index))
                + " ON " + q(db, name[1]) + " " + cols), () -> { });
    }

    private static Result dropIndex(H2Session s, TokenCursor c) throws SQLException {
        String index = c.identifier();
        c.expect("ON");
        String[] name = ShowStatements.tableName(s, c);
        c.expectEnd();
        String db = s.schemaFor(name[0]);
        s.access().requireTable(Privilege.INDEX, db, name[1]);
        return run(s, c.sql(), db, List.of(name[1]), List.of(dropIndexSql(s, db, name[1], index)), () -> { });
    }

    /** MySQL names a unique key by its constraint; H2 keeps constraints and indexes apart. */
    private static String dropIndexSql(H2Session s, String db, String table, String index) throws SQLException {
        if (index.equalsIgnoreCase("PRIMARY")) {
            return "ALTER TABLE " + q(db, table) + " DROP PRIMARY KEY";
        }
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
                + "WHERE LOWER(TABLE_SCHEMA) = ? AND LOWER(TABLE_NAME) = ? AND CONSTRAINT_TYPE IN ('UNIQUE', 'FOREIGN KEY')")) {
            ps.setString(1, db.toLowerCase(Locale.ROOT));
            ps.setString(2, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (IndexNames.mysqlName(rs.getString(1)).equalsIgnoreCase(index)) {
                        return "ALTER TABLE " + q(db, table) + " DROP CONSTRAINT " + SqlLiterals.identifier(rs.getString(1));
                    }
                }
            }
        }
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT INDEX_SCHEMA, INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES "
                + "WHERE LOWER(TABLE_SCHEMA) = ? AND LOWER(TABLE_NAME) = ?")) {
            ps.setString(1, db.toLowerCase(Locale.ROOT));
            ps.setString(2, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (IndexNames.mysqlName(rs.getString(2)).equalsIgnoreCase(index)) {
                        return "DROP INDEX " + q(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        throw MySqlError.ER_CANT_DROP_FIELD_OR_KEY.exception(index);
    }

    private static Result dropTable(H2Session s, TokenCursor c) throws SQLException {
        boolean ifExists = c.accept("IF", "EXISTS");
        List<String[]> names = new ArrayList<>();
        do {
            String[] n = ShowStatements.tableName(s, c);
            n[0] = s.schemaFor(n[0]);
            names.add(n);
        } while (c.acceptSymbol(","));
        boolean cascade = c.accept("CASCADE");
        if (!cascade) {
            c.accept("RESTRICT");
        }
        c.expectEnd();
        List<String> missing = new ArrayList<>();
        List<String[]> present = new ArrayList<>();
        for (String[] n : names) {
            s.access().requireTable(Privilege.DROP, n[0], n[1]);
            if (s.engine().catalog().table(s.connection(), n[0], n[1]) == null) {
                missing.add(n[0] + "." + n[1]);
            } else {
                present.add(n);
            }
        }
        if (!missing.isEmpty() && !ifExists) {
            throw MySqlError.ER_BAD_TABLE_ERROR.exception(String.join(",", missing));
        }
        List<Warning> notes = new ArrayList<>();
        for (String m : missing) {
            notes.add(new Warning("Note", 1051, MySqlError.ER_BAD_TABLE_ERROR.message(m)));
        }
        if (present.isEmpty()) {
            s.setWarnings(notes);
            return Result.Ok.EMPTY;
        }
        List<String> h2 = new ArrayList<>();
        for (String[] n : present) {
            h2.add("DROP TABLE " + q(n[0], n[1]));
        }
        Result r = run(s, c.sql(), present.get(0)[0], h2, () -> {
            for (String[] n : present) {
                s.engine().catalog().dropTable(n[0], n[1]);
            }
        });
        s.setWarnings(notes);
        return r;
    }

    private static Result alterTable(H2Session s, TokenCursor c) throws SQLException {
        String[] name = ShowStatements.tableName(s, c);
        String db = s.schemaFor(name[0]);
        String table = name[1];
        s.access().requireTable(Privilege.ALTER, db, table);
        if (s.engine().catalog().table(s.connection(), db, table) == null) {
            throw MySqlError.ER_NO_SUCH_TABLE.exception(db + "." + table);
        }
        String qt = q(db, table);
        List<String> h2 = new ArrayList<>();
        Map<String, MySqlType> declared = new LinkedHashMap<>();
        List<String[]> renamedColumns = new ArrayList<>();
        String[] renamedTo = new String[1];
        do {
            Token t = c.peek();
            if (t == null) {
                throw c.syntaxError();
            }
            if (t.is("ENGINE")) {
                c.next();
                c.acceptSymbol("=");
                String engine = c.stringOrIdentifier();
                if (!engine.equalsIgnoreCase("InnoDB")) {
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("storage engine " + engine);
                }
                continue; // a rebuild: nothing to do on H2
            }
            if (c.accept("ADD")) {
                Token next = c.peek();
                if (next != null && next.type() == Token.Type.WORD && (CONSTRAINT_WORDS.contains(next.value())
                        || next.is("FULLTEXT") || next.is("SPATIAL"))) {
                    List<String> none = new ArrayList<>();
                    h2.add("ALTER TABLE " + qt + " ADD " + element(s, c, table, declared, none));
                    continue;
                }
                c.accept("COLUMN");
                if (c.peek() != null && c.peek().isSymbol("(")) {
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("ADD COLUMN (...) lists");
                }
                List<String> checks = new ArrayList<>();
                h2.add("ALTER TABLE " + qt + " ADD COLUMN " + columnWithPosition(s, c, table, declared, checks));
                addChecks(h2, qt, checks);
            } else if (c.accept("MODIFY")) {
                c.accept("COLUMN");
                Token col = c.peek();
                h2.addAll(dropRangeChecks(s, db, table, col.name()));
                List<String> checks = new ArrayList<>();
                h2.add("ALTER TABLE " + qt + " MODIFY COLUMN " + columnWithPosition(s, c, table, declared, checks));
                addChecks(h2, qt, checks);
            } else if (c.accept("CHANGE")) {
                c.accept("COLUMN");
                String old = c.identifier();
                h2.addAll(dropRangeChecks(s, db, table, old));
                List<String> checks = new ArrayList<>();
                int at = c.position();
                String newName = c.peek().name();
                c.position(at);
                h2.add("ALTER TABLE " + qt + " CHANGE COLUMN " + SqlLiterals.identifier(old) + " "
                        + columnWithPosition(s, c, table, declared, checks));
                addChecks(h2, qt, checks);
                renamedColumns.add(new String[] {old, newName});
            } else if (c.accept("DROP")) {
                if (c.accept("INDEX") || c.accept("KEY")) {
                    h2.add(dropIndexSql(s, db, table, c.identifier()));
                } else if (c.accept("PRIMARY", "KEY")) {
                    h2.add("ALTER TABLE " + qt + " DROP PRIMARY KEY");
                } else if (c.accept("FOREIGN", "KEY") || c.accept("CONSTRAINT") || c.accept("CHECK")) {
                    h2.add("ALTER TABLE " + qt + " DROP CONSTRAINT " + SqlLiterals.identifier(c.identifier()));
                } else {
                    c.accept("COLUMN");
                    String col = c.identifier();
                    h2.addAll(dropRangeChecks(s, db, table, col));
                    h2.add("ALTER TABLE " + qt + " DROP COLUMN " + SqlLiterals.identifier(col));
                }
            } else if (c.accept("RENAME")) {
                if (c.accept("COLUMN")) {
                    String from = c.identifier();
                    c.expect("TO");
                    String to = c.identifier();
                    h2.add("ALTER TABLE " + qt + " ALTER COLUMN " + SqlLiterals.identifier(from) + " RENAME TO " + SqlLiterals.identifier(to));
                    renamedColumns.add(new String[] {from, to});
                } else if (c.accept("INDEX") || c.accept("KEY")) {
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("RENAME INDEX");
                } else {
                    if (!c.accept("TO")) {
                        c.accept("AS");
                    }
                    String[] to = ShowStatements.tableName(s, c);
                    if (to[0] != null && !to[0].equalsIgnoreCase(db)) {
                        throw MySqlError.ER_NOT_SUPPORTED_YET.exception("RENAME TABLE across databases");
                    }
                    h2.add("ALTER TABLE " + qt + " RENAME TO " + SqlLiterals.identifier(to[1]));
                    renamedTo[0] = to[1];
                }
            } else if (c.accept("ALTER")) {
                c.accept("COLUMN");
                String col = c.identifier();
                int from = c.position();
                while (!c.atEnd() && !c.peek().isSymbol(",")) {
                    c.next();
                }
                h2.add("ALTER TABLE " + qt + " ALTER COLUMN " + SqlLiterals.identifier(col) + " "
                        + H2Rewriter.rewrite(c.sql(), c.tokens(), from, c.position(), s));
            } else {
                throw MySqlError.ER_NOT_SUPPORTED_YET.exception("ALTER TABLE " + t.text().toUpperCase(Locale.ROOT));
            }
        } while (c.acceptSymbol(","));
        c.expectEnd();
        String finalName = renamedTo[0] != null ? renamedTo[0] : table;
        return run(s, c.sql(), db, List.of(finalName), h2, () -> {
            String current = table;
            for (String[] r : renamedColumns) {
                s.engine().catalog().renameColumn(db, current, r[0], r[1]);
            }
            if (renamedTo[0] != null) {
                s.engine().catalog().renameTable(db, table, db, renamedTo[0]);
                current = renamedTo[0];
            }
            s.engine().catalog().record(s.connection(), db, current, declared);
        });
    }

    private static String columnWithPosition(H2Session s, TokenCursor c, String table, Map<String, MySqlType> declared,
                                             List<String> checks) throws SQLException {
        return columnDefinition(s, c, table, declared, checks);
    }

    private static void addChecks(List<String> h2, String qt, List<String> checks) {
        for (String check : checks) {
            h2.add("ALTER TABLE " + qt + " ADD " + check);
        }
    }

    private static List<String> dropRangeChecks(H2Session s, String db, String table, String column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
                + "WHERE LOWER(TABLE_SCHEMA) = ? AND LOWER(TABLE_NAME) = ? AND CONSTRAINT_TYPE = 'CHECK'")) {
            ps.setString(1, db.toLowerCase(Locale.ROOT));
            ps.setString(2, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String n = rs.getString(2);
                    if (n.startsWith(TypeCatalog.RANGE_CHECK_PREFIX)) {
                        String rest = n.substring(TypeCatalog.RANGE_CHECK_PREFIX.length());
                        int us = rest.indexOf('_');
                        if (us >= 0 && rest.substring(us + 1).equalsIgnoreCase(column)) {
                            out.add("ALTER TABLE " + q(db, table) + " DROP CONSTRAINT " + q(rs.getString(1), n));
                        }
                    }
                }
            }
        }
        return out;
    }
}
