package io.jgr.sql.protocol;

import static io.jgr.sql.engine.Column.CHARSET_BINARY;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Result;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prepared statements of the scripted engine: INSERT ... VALUES (?, ...), SELECT * FROM x [WHERE id = ?], UPDATE t, DELETE. */
final class ScriptedPrepared implements PreparedQuery {
    private static final Pattern INSERT = Pattern.compile("insert into (\\w+)(?: \\(v\\))? values\\s*\\(([?,\\s]*)\\)");
    private static final Pattern SELECT = Pattern.compile("select \\* from (\\w+)( where id\\s*=\\s*\\?)?");
    private static final Pattern UPDATE = Pattern.compile("update t set v\\s*=\\s*\\? where id\\s*=\\s*\\?");

    private interface Body {
        Result run(List<Object> params) throws SQLException;
    }

    private final List<Column> parameters;
    private final List<Column> columns;
    private final Body body;
    private ScriptedSession session;

    private ScriptedPrepared(int parameterCount, List<Column> columns, Body body) {
        this.parameters = Collections.nCopies(parameterCount,
                Column.computed("?", ColumnType.VAR_STRING, CHARSET_BINARY, 0, 0, 0));
        this.columns = columns;
        this.body = body;
    }

    static ScriptedPrepared prepare(ScriptedTables tables, String sql, ScriptedSession session) throws SQLException {
        String lower = sql.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher m;
        if ((m = INSERT.matcher(lower)).matches()) {
            String table = m.group(1);
            tables.columns(table);
            int n = (int) m.group(2).chars().filter(c -> c == '?').count();
            return new ScriptedPrepared(n, List.of(), p -> {
                List<Object> values = new ArrayList<>(p);
                if (table.equals("auto")) {
                    values.add(0, null);
                }
                long id = tables.insert(table, values);
                return session.autocommitOk(1, id);
            });
        }
        if ((m = SELECT.matcher(lower)).matches()) {
            String table = m.group(1);
            List<Column> cols = tables.columns(table);
            boolean byId = m.group(2) != null;
            return new ScriptedPrepared(byId ? 1 : 0, cols, p -> {
                if (!byId) {
                    return new Result.Rows(cols, tables.rows(table));
                }
                Object[] row = tables.row(table, ((Number) p.get(0)).longValue());
                return new Result.Rows(cols, row == null ? List.of() : List.<Object[]>of(row));
            });
        }
        if (UPDATE.matcher(lower).matches()) {
            return new ScriptedPrepared(2, List.of(), p ->
                    session.autocommitOk(tables.update("t", ((Number) p.get(1)).longValue(), 1, p.get(0)), 0));
        }
        if (lower.equals("delete from t")) {
            return new ScriptedPrepared(0, List.of(), p -> session.autocommitOk(tables.deleteAll("t"), 0));
        }
        throw MySqlError.ER_PARSE_ERROR.exception(sql.length() > 80 ? sql.substring(0, 80) : sql, 1);
    }

    ScriptedPrepared in(ScriptedSession s) {
        session = s;
        return this;
    }

    @Override
    public List<Column> parameters() {
        return parameters;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public Result execute(List<Object> params) throws SQLException {
        session.beginIfNeeded();
        if (params.size() != parameters.size()) {
            throw MySqlError.ER_WRONG_ARGUMENTS.exception("mysqld_stmt_execute");
        }
        return body.run(params);
    }

    @Override
    public void close() {
    }
}
