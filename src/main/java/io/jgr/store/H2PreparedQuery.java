package io.jgr.store;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Result;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.H2Rewriter;
import io.jgr.sql.statement.Lexer;
import io.jgr.sql.statement.SqlLiterals;
import io.jgr.sql.statement.StatementKind;
import io.jgr.sql.statement.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Collections;
import java.util.List;

/**
 * A server-side prepared statement. DML and queries become H2 prepared statements (prepared
 * once, executed many times); any other statement is kept as text and run through the session
 * with the parameters spliced in as MySQL literals.
 */
final class H2PreparedQuery implements PreparedQuery {
    private final H2Session session;
    private final String sql;
    private final List<Token> tokens;
    private final StatementKind kind;
    private final PreparedStatement ps;
    private final List<Column> parameters;
    private final List<Column> columns;
    private boolean closed;

    private H2PreparedQuery(H2Session session, String sql, List<Token> tokens, StatementKind kind, PreparedStatement ps,
                            int parameterCount, List<Column> columns) {
        this.session = session;
        this.sql = sql;
        this.tokens = tokens;
        this.kind = kind;
        this.ps = ps;
        this.parameters = Collections.nCopies(parameterCount,
                Column.computed("?", ColumnType.VAR_STRING, Column.CHARSET_BINARY, 0, 0, 0));
        this.columns = columns;
    }

    static H2PreparedQuery prepare(H2Session s, String sql) throws SQLException {
        List<Token> tokens = s.lex(sql);
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
            end--;
        }
        tokens = tokens.subList(0, end);
        int params = 0;
        for (Token t : tokens) {
            if (t.type() == Token.Type.PARAM) {
                params++;
            }
        }
        StatementKind kind = StatementKind.of(tokens);
        boolean direct = switch (kind) {
            case SELECT, INSERT, UPDATE, DELETE, REPLACE -> !sessionDependent(tokens);
            default -> false;
        };
        if (kind == StatementKind.EMPTY) {
            throw MySqlError.ER_EMPTY_QUERY.exception();
        }
        if (!direct) {
            List<Column> columns = List.of();
            if (kind == StatementKind.SELECT) {
                // metadata for COM_STMT_PREPARE's answer, from the statement as it reads now
                s.access().checkDml(kind, tokens, s.currentSchema());
                try (PreparedStatement probe = s.connection().prepareStatement(H2Rewriter.rewrite(sql, tokens, s))) {
                    if (probe.getMetaData() != null) {
                        columns = ResultReader.describe(s.connection(), s.engine().catalog(), probe.getMetaData()).columns();
                    }
                } catch (SQLException e) {
                    if (e.getErrorCode() != UNKNOWN_DATA_TYPE) {
                        throw H2Errors.translate(e, s.currentSchema(), sql);
                    }
                    // "SELECT ?": H2 needs the parameter's type; the metadata comes with the execution
                }
            }
            return new H2PreparedQuery(s, sql, tokens, kind, null, params, columns);
        }
        s.access().checkDml(kind, tokens, s.currentSchema());
        String h2 = H2Rewriter.rewrite(sql, tokens, s);
        PreparedStatement ps;
        List<Column> columns = List.of();
        try {
            boolean insert = kind == StatementKind.INSERT || kind == StatementKind.REPLACE;
            ps = s.connection().prepareStatement(h2, insert ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS);
            if (kind == StatementKind.SELECT && ps.getMetaData() != null) {
                columns = ResultReader.describe(s.connection(), s.engine().catalog(), ps.getMetaData()).columns();
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == UNKNOWN_DATA_TYPE) {
                // a parameter H2 cannot type (SELECT ?): run as text with the values spliced in
                return new H2PreparedQuery(s, sql, tokens, kind, null, params, List.of());
            }
            throw H2Errors.translate(e, s.currentSchema(), sql);
        }
        return new H2PreparedQuery(s, sql, tokens, kind, ps, params, columns);
    }

    /** H2's UNKNOWN_DATA_TYPE_1, raised when a parameter's type cannot be inferred. */
    private static final int UNKNOWN_DATA_TYPE = 50004;

    private static final java.util.Set<String> SESSION_FUNCTIONS = java.util.Set.of("DATABASE", "SCHEMA", "LAST_INSERT_ID",
            "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "CONNECTION_ID", "VERSION");

    /** @@variables and DATABASE()-like functions become literals in the rewrite: such statements are re-read at each execution. */
    private static boolean sessionDependent(List<Token> tokens) {
        for (Token t : tokens) {
            if (t.type() == Token.Type.SYS_VAR || (t.type() == Token.Type.WORD && SESSION_FUNCTIONS.contains(t.value()))) {
                return true;
            }
        }
        return false;
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
    public Result execute(List<Object> values) throws SQLException {
        if (closed) {
            throw MySqlError.ER_UNKNOWN_STMT_HANDLER.exception("closed", "mysqld_stmt_execute");
        }
        if (values.size() != parameters.size()) {
            throw MySqlError.ER_WRONG_ARGUMENTS.exception("mysqld_stmt_execute");
        }
        if (ps == null) {
            return session.execute(spliced(values));
        }
        session.access().checkDml(kind, tokens, session.currentSchema());
        session.failIfAborted(false); // as for a text statement: the replication applier rolled the transaction back
        session.admitWrite(kind); // a new primary's hold, then a secondary refuses prepared writes too (1290)
        return session.runInTransaction(() -> {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, h2Value(values.get(i)));
            }
            boolean rows = ps.execute();
            return session.outcome(ps, rows, kind);
        });
    }

    private static Object h2Value(Object v) {
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Duration d && !d.isNegative() && d.compareTo(Duration.ofDays(1)) < 0) {
            return LocalTime.ofNanoOfDay(d.toNanos());
        }
        if (v instanceof Duration d) {
            return SqlLiterals.literal(d).replace("'", "");
        }
        return v;
    }

    /** The statement text with each ? replaced by the value as a MySQL literal. */
    private String spliced(List<Object> values) {
        StringBuilder out = new StringBuilder();
        int last = 0;
        int i = 0;
        for (Token t : tokens) {
            if (t.type() == Token.Type.PARAM) {
                out.append(sql, last, t.start()).append(mysqlLiteral(values.get(i++)));
                last = t.end();
            }
        }
        out.append(sql.substring(last));
        return out.toString();
    }

    /** A literal the MySQL lexer reads back: backslashes escaped too. */
    static String mysqlLiteral(Object v) {
        if (v instanceof String s) {
            return SqlLiterals.quote(s.replace("\\", "\\\\"));
        }
        return SqlLiterals.literal(v);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // nothing held
            }
        }
        session.forget(this);
    }
}
