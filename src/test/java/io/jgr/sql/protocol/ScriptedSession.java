package io.jgr.sql.protocol;

import static io.jgr.sql.engine.Column.CHARSET_BINARY;
import static io.jgr.sql.engine.Column.CHARSET_UTF8MB4;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One session of {@link ScriptedSqlEngine}: a handful of statements matched by pattern. */
final class ScriptedSession implements Session {
    private static final Pattern LEADING_COMMENT = Pattern.compile("^\\s*/\\*.*?\\*/\\s*", Pattern.DOTALL);
    private static final Pattern SELECT_STAR = Pattern.compile("select \\* from (\\w+)(?: where id\\s*=\\s*(\\d+))?");
    private static final Pattern INSERT = Pattern.compile("insert into (\\w+)(?: \\(v\\))? values\\s*\\((.*)\\)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern UPDATE = Pattern.compile("update t set v\\s*=\\s*'(.*)' where id\\s*=\\s*(\\d+)");
    private static final Pattern DELETE = Pattern.compile("delete from (\\w+)");
    private static final Pattern REPEAT = Pattern.compile("select repeat\\('(.)',\\s*(\\d+)\\)");
    private static final Pattern SET_AUTOCOMMIT = Pattern.compile("set (?:@@session\\.|session )?autocommit\\s*=\\s*(\\d|on|off)");
    private static final Pattern USE = Pattern.compile("use `?(\\w+)`?");

    private final ScriptedSqlEngine engine;
    private final ConnectionInfo connection;
    private String schema;
    private boolean autocommit = true;
    private boolean inTransaction;
    private List<Warning> warnings = List.of();
    private List<Warning> lastWarnings = List.of();

    ScriptedSession(ScriptedSqlEngine engine, ConnectionInfo connection) {
        this.engine = engine;
        this.connection = connection;
    }

    @Override
    public Result execute(String sql) throws SQLException {
        List<Warning> previous = warnings;
        warnings = List.of();
        String s = LEADING_COMMENT.matcher(sql).replaceFirst("").trim();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher m;
        if (lower.equals("show warnings")) {
            warnings = previous;
            List<Object[]> rows = new ArrayList<>();
            for (Warning w : previous) {
                rows.add(new Object[] {w.level(), (long) w.code(), w.message()});
            }
            return new Result.Rows(List.of(text("Level"), Column.computed("Code", ColumnType.LONG, CHARSET_BINARY, 4, 0, 0),
                    text("Message")), rows);
        }
        if (lower.equals("do engine_bug()")) {
            throw new IllegalStateException("secret statement text");
        }
        if (lower.equals("do slow()")) {
            // A command still running when the server closes: it waits for the test's go-ahead.
            engine.slowStarted.countDown();
            try {
                engine.slowRelease.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Result.Ok.EMPTY;
        }
        if (lower.equals("do log_note()")) {
            io.jgr.server.log.ErrorLog.write(io.jgr.server.log.LogLevel.NOTE, "MY-010000", "Server", "scripted note");
            return Result.Ok.EMPTY;
        }
        if (lower.equals("select 1/0")) {
            warnings = List.of(new Warning("Warning", 1365, "Division by 0"));
            return new Result.Rows(List.of(Column.computed("1/0", ColumnType.NEWDECIMAL, CHARSET_BINARY, 7, 0, 4)),
                    List.<Object[]>of(new Object[] {null}));
        }
        if ((m = SELECT_STAR.matcher(lower)).matches()) {
            String table = m.group(1);
            List<Object[]> rows = m.group(2) == null ? engine.tables.rows(table)
                    : single(engine.tables.row(table, Long.parseLong(m.group(2))));
            return new Result.Rows(engine.tables.columns(table), rows);
        }
        if ((m = REPEAT.matcher(lower)).matches()) {
            String v = m.group(1).repeat(Integer.parseInt(m.group(2)));
            return new Result.Rows(List.of(Column.computed("r", ColumnType.LONG_BLOB, CHARSET_UTF8MB4, 4294967295L, 0, 0)),
                    List.<Object[]>of(new Object[] {v}));
        }
        if (lower.startsWith("select ") && !lower.contains(" from ")) {
            return selectItems(s.substring(7));
        }
        if (lower.startsWith("insert") || lower.startsWith("update") || lower.startsWith("delete")) {
            beginIfNeeded();
        }
        if ((m = INSERT.matcher(s)).matches()) {
            List<Object> values = Literals.parse(m.group(2));
            String table = m.group(1).toLowerCase(Locale.ROOT);
            if (table.equals("auto")) {
                values.add(0, null);
            }
            long id = engine.tables.insert(table, values);
            return ok(1, id, "");
        }
        if ((m = UPDATE.matcher(lower)).matches()) {
            int n = engine.tables.update("t", Long.parseLong(m.group(2)), 1, m.group(1));
            return ok(n, 0, "Rows matched: " + n + "  Changed: " + n + "  Warnings: 0");
        }
        if ((m = DELETE.matcher(lower)).matches()) {
            return ok(engine.tables.deleteAll(m.group(1)), 0, "");
        }
        if ((m = SET_AUTOCOMMIT.matcher(lower)).matches()) {
            boolean on = m.group(1).equals("1") || m.group(1).equals("on");
            if (on && !autocommit) {
                commit();
            }
            autocommit = on;
            return Result.Ok.EMPTY;
        }
        if ((m = USE.matcher(lower)).matches()) {
            useSchema(m.group(1));
            return Result.Ok.EMPTY;
        }
        switch (lower) {
            case "begin", "start transaction" -> {
                engine.tables.begin();
                inTransaction = true;
                return Result.Ok.EMPTY;
            }
            case "commit" -> {
                commit();
                return Result.Ok.EMPTY;
            }
            case "rollback" -> {
                engine.tables.rollback();
                inTransaction = false;
                return Result.Ok.EMPTY;
            }
            case "show databases" -> {
                return new Result.Rows(List.of(text("Database")), List.of(new Object[] {"information_schema"}, new Object[] {"test"}));
            }
            case "show tables" -> {
                return new Result.Rows(List.of(text("Tables_in_test")),
                        List.of(new Object[] {"alltypes"}, new Object[] {"auto"}, new Object[] {"t"}, new Object[] {"types"}));
            }
            default -> {
            }
        }
        if (lower.startsWith("set ") || lower.startsWith("create ") || lower.startsWith("drop ")) {
            return Result.Ok.EMPTY;
        }
        throw MySqlError.ER_PARSE_ERROR.exception(s.length() > 80 ? s.substring(0, 80) : s, 1);
    }

    private void commit() {
        engine.tables.commit();
        inTransaction = false;
    }

    private Result ok(long affected, long id, String info) {
        return new Result.Ok(affected, id, info);
    }

    /** Outside autocommit, the first change opens the transaction (before it is applied). */
    void beginIfNeeded() {
        if (!autocommit) {
            engine.tables.begin();
            inTransaction = true;
        }
    }

    private static List<Object[]> single(Object[] row) {
        return row == null ? List.of() : List.<Object[]>of(row);
    }

    private static Column text(String name) {
        return Column.computed(name, ColumnType.VAR_STRING, CHARSET_UTF8MB4, 256, 0, 0);
    }

    /** SELECT of @@variables, DATABASE(), USER(), integer and string literals, each optionally aliased. */
    private Result selectItems(String list) throws SQLException {
        String items = list.replaceAll("(?i)\\s+limit\\s+1\\s*$", "");
        List<Column> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (String raw : items.split(",")) {
            String item = raw.trim();
            String label = item;
            Matcher alias = Pattern.compile("(?i)(.*?)\\s+as\\s+(\\w+)").matcher(item);
            if (alias.matches()) {
                item = alias.group(1).trim();
                label = alias.group(2);
            }
            String lower = item.toLowerCase(Locale.ROOT);
            if (lower.startsWith("@@")) {
                String name = lower.replaceFirst("^@@(session\\.|global\\.|local\\.)?", "");
                String v = engine.globals.get(name);
                if (v == null) {
                    throw MySqlError.ER_UNKNOWN_SYSTEM_VARIABLE.exception(name);
                }
                if (v.matches("-?\\d+")) {
                    columns.add(Column.computed(label, ColumnType.LONGLONG, CHARSET_BINARY, 21, 0, 0));
                    values.add(Long.parseLong(v));
                } else {
                    columns.add(text(label));
                    values.add(v);
                }
            } else if (lower.equals("database()")) {
                columns.add(text(label));
                values.add(schema);
            } else if (lower.equals("user()")) {
                columns.add(text(label));
                values.add(connection.account().user() + "@" + connection.clientAddress().getHostAddress());
            } else if (lower.equals("connection_id()")) {
                columns.add(Column.computed(label, ColumnType.LONGLONG, CHARSET_BINARY, 21, Column.NOT_NULL_FLAG, 0));
                values.add(connection.connectionId());
            } else if (lower.matches("-?\\d+")) {
                columns.add(Column.computed(label, ColumnType.LONGLONG, CHARSET_BINARY, 1, Column.NOT_NULL_FLAG, 0));
                values.add(Long.parseLong(lower));
            } else if (item.startsWith("'") && item.endsWith("'") && item.length() >= 2) {
                columns.add(text(label));
                values.add(Literals.parse(item).get(0));
            } else {
                throw MySqlError.ER_BAD_FIELD_ERROR.exception(item, "field list");
            }
        }
        return new Result.Rows(columns, List.<Object[]>of(values.toArray()));
    }

    @Override
    public PreparedQuery prepare(String sql) throws SQLException {
        return ScriptedPrepared.prepare(engine.tables, sql, this).in(this);
    }

    void setWarnings(List<Warning> w) {
        warnings = w;
    }

    Result autocommitOk(long affected, long id) {
        return ok(affected, id, "");
    }

    @Override
    public void useSchema(String name) throws SQLException {
        if (!name.equals("test") && !name.equals("information_schema")) {
            throw MySqlError.ER_BAD_DB_ERROR.exception(name);
        }
        schema = name;
    }

    @Override
    public List<Column> fieldList(String table) throws SQLException {
        return engine.tables.columns(table);
    }

    @Override
    public void reset() {
        engine.tables.rollback();
        inTransaction = false;
        autocommit = true;
        warnings = List.of();
    }

    @Override
    public String currentSchema() {
        return schema;
    }

    @Override
    public boolean autocommit() {
        return autocommit;
    }

    @Override
    public boolean inTransaction() {
        return inTransaction;
    }

    @Override
    public List<Warning> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        if (inTransaction) {
            engine.tables.rollback();
        }
        if (engine.sessionCloseMillis > 0) {
            try {
                Thread.sleep(engine.sessionCloseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        engine.sessionsClosed.incrementAndGet();
    }
}
