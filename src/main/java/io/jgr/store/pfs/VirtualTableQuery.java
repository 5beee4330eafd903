package io.jgr.store.pfs;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.Result;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The small SELECT dialect operators and tools use on performance_schema tables:
 * {@code SELECT * | COUNT(*) | col [AS a], … FROM [performance_schema.]t [WHERE col op value [AND …]]
 * [ORDER BY col [ASC|DESC]]}, op one of {@code = <> != IN (…) LIKE NOT LIKE}, values literals or {@code @@var}.
 * Anything else is refused with 1235 rather than answered wrongly.
 */
final class VirtualTableQuery {
    /** Reads {@code @@var}, {@code @@global.var}, {@code @@session.var} as the session sees them: the token's text after {@code @@}. */
    @FunctionalInterface
    interface Variables {
        Object read(String reference) throws SQLException;
    }

    private final String sql;
    private final List<Token> tokens;
    private final Variables variables;
    private int pos;

    private VirtualTableQuery(String sql, List<Token> tokens, Variables variables) {
        this.sql = sql;
        this.tokens = tokens;
        this.variables = variables;
    }

    /** The table a SELECT reads ({@code schema.table} after FROM), lower case, or null. */
    static String[] fromTable(List<Token> tokens) {
        for (int i = 0; i + 3 < tokens.size(); i++) {
            if (tokens.get(i).is("FROM") && tokens.get(i + 1).isIdentifier() && tokens.get(i + 2).isSymbol(".")
                    && tokens.get(i + 3).isIdentifier()) {
                return new String[] {tokens.get(i + 1).lowerName(), tokens.get(i + 3).lowerName()};
            }
        }
        return null;
    }

    static Result run(String sql, List<Token> tokens, VirtualTable table, Variables variables) throws SQLException {
        return new VirtualTableQuery(sql, tokens, variables).select(table);
    }

    private Result select(VirtualTable table) throws SQLException {
        expect("SELECT");
        List<Integer> picked = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean count = false;
        do {
            if (peekSymbol("*")) {
                pos++;
                for (int i = 0; i < table.columns().size(); i++) {
                    picked.add(i);
                    labels.add(table.columns().get(i).name());
                }
            } else if (peek("COUNT")) {
                pos++;
                expectSymbol("(");
                expectSymbol("*");
                expectSymbol(")");
                count = true;
                labels.add("COUNT(*)");
            } else {
                int c = column(table, "field list");
                picked.add(c);
                String label = table.columns().get(c).name();
                if (peek("AS")) {
                    pos++;
                    label = identifier();
                }
                labels.add(label);
            }
        } while (acceptSymbol(","));
        expect("FROM");
        identifier();
        if (acceptSymbol(".")) {
            identifier();
        }
        Predicate<Object[]> where = row -> true;
        if (peek("WHERE")) {
            pos++;
            do {
                Predicate<Object[]> cond = condition(table);
                Predicate<Object[]> before = where;
                where = row -> before.test(row) && cond.test(row);
            } while (accept("AND"));
        }
        Comparator<Object[]> order = null;
        if (peek("ORDER")) {
            pos++;
            expect("BY");
            int c = column(table, "order clause");
            Comparator<Object[]> byColumn = Comparator.comparing(r -> r[c] == null ? "" : r[c].toString());
            if (accept("DESC")) {
                byColumn = byColumn.reversed();
            } else {
                accept("ASC");
            }
            order = byColumn;
        }
        if (pos < tokens.size()) {
            throw unsupported();
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : table.rows().get()) {
            if (where.test(row)) {
                rows.add(row);
            }
        }
        if (order != null) {
            rows.sort(order);
        }
        if (count) {
            if (!picked.isEmpty()) {
                throw unsupported();
            }
            return new Result.Rows(List.of(Column.computed("COUNT(*)", ColumnType.LONGLONG, Column.CHARSET_BINARY, 21,
                    Column.NOT_NULL_FLAG | Column.NUM_FLAG, 0)), List.<Object[]>of(new Object[] {(long) rows.size()}));
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < picked.size(); i++) {
            Column c = table.columns().get(picked.get(i));
            columns.add(new Column(c.schema(), c.table(), c.orgTable(), labels.get(i), c.orgName(), c.charset(),
                    c.length(), c.type(), c.flags(), c.decimals()));
        }
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] r = new Object[picked.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = row[picked.get(i)];
            }
            out.add(r);
        }
        return new Result.Rows(columns, out);
    }

    private Predicate<Object[]> condition(VirtualTable table) throws SQLException {
        int c = column(table, "where clause");
        if (accept("IN")) {
            expectSymbol("(");
            List<String> values = new ArrayList<>();
            do {
                values.add(value());
            } while (acceptSymbol(","));
            expectSymbol(")");
            return row -> row[c] != null && values.stream().anyMatch(v -> equal(row[c], v));
        }
        boolean notLike = accept("NOT");
        if (notLike || accept("LIKE")) {
            if (notLike) {
                expect("LIKE");
            }
            Pattern like = likePattern(value());
            return row -> row[c] != null && like.matcher(row[c].toString()).matches() != notLike;
        }
        boolean negate;
        if (acceptSymbol("=")) {
            negate = false;
        } else if (acceptSymbol("<>") || acceptSymbol("!=")) {
            negate = true;
        } else {
            throw unsupported();
        }
        String v = value();
        return row -> row[c] != null && equal(row[c], v) != negate;
    }

    /** LIKE's {@code %} and {@code _}, a backslash escaping the next character; case-insensitive as {@link #equal}. */
    static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char ch = like.charAt(i);
            if (ch == '\\' && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    /** Case-insensitive, as the tables' utf8mb4 general collation compares. */
    private static boolean equal(Object cell, String value) {
        return cell.toString().equalsIgnoreCase(value);
    }

    private String value() throws SQLException {
        Token t = next();
        return switch (t.type()) {
            case STRING, NUMBER -> t.value();
            case SYS_VAR -> String.valueOf(variables.read(t.value()));
            default -> throw unsupported();
        };
    }

    private int column(VirtualTable table, String clause) throws SQLException {
        String name = identifier();
        if (acceptSymbol(".")) {
            name = identifier();
        }
        int c = table.indexOf(name);
        if (c < 0) {
            throw MySqlError.ER_BAD_FIELD_ERROR.exception(name, clause);
        }
        return c;
    }

    private String identifier() throws SQLException {
        Token t = next();
        if (!t.isIdentifier()) {
            throw unsupported();
        }
        return t.name();
    }

    private Token next() throws SQLException {
        if (pos >= tokens.size()) {
            throw unsupported();
        }
        return tokens.get(pos++);
    }

    private boolean peek(String word) {
        return pos < tokens.size() && tokens.get(pos).is(word);
    }

    private boolean peekSymbol(String s) {
        return pos < tokens.size() && tokens.get(pos).isSymbol(s);
    }

    private boolean accept(String word) {
        if (peek(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String s) {
        if (peekSymbol(s)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String word) throws SQLException {
        if (!accept(word)) {
            throw unsupported();
        }
    }

    private void expectSymbol(String s) throws SQLException {
        if (!acceptSymbol(s)) {
            throw unsupported();
        }
    }

    private SQLException unsupported() {
        return MySqlError.ER_NOT_SUPPORTED_YET.exception(
                "this query on performance_schema (jgr answers SELECT columns FROM table [WHERE col = value [AND ...]] [ORDER BY col])");
    }

    @Override
    public String toString() {
        return Objects.toString(sql);
    }
}
