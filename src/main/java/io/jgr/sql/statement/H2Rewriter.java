package io.jgr.sql.statement;

import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token.Type;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a lexed MySQL statement into H2 SQL: string literals to standard quoting, the functions
 * and variables H2 lacks to literals ({@code DATABASE()}, {@code VERSION()}, {@code USER()},
 * {@code CONNECTION_ID()}, {@code LAST_INSERT_ID()}, {@code @@vars}), {@code IF()} to H2's
 * CASEWHEN. Unaliased select items get their source text as label, as MySQL names them.
 * Constructs H2 would run differently are refused with 1235.
 */
public final class H2Rewriter {

    /** Words that end a select list at depth 0. */
    private static final Set<String> SELECT_LIST_END = Set.of("FROM", "INTO", "WHERE", "GROUP", "HAVING", "ORDER",
            "LIMIT", "UNION", "FOR", "WINDOW", "LOCK", "EXCEPT", "INTERSECT");
    /** Words that cannot be an alias after an expression. */
    private static final Set<String> NOT_ALIAS = Set.of("NULL", "TRUE", "FALSE", "AND", "OR", "NOT", "IS", "IN", "LIKE",
            "BETWEEN", "DISTINCT", "ALL", "CASE", "END", "WHEN", "THEN", "ELSE", "BINARY", "INTERVAL", "XOR", "DIV",
            "MOD", "REGEXP", "RLIKE", "ESCAPE", "UNKNOWN", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_USER", "LOCALTIME", "LOCALTIMESTAMP", "SEPARATOR", "DESC", "ASC");

    /** H2 built-ins a client must not reach: files, linked databases, other sessions, Java objects. */
    private static final Set<String> H2_ONLY_FUNCTIONS = Set.of("CSVREAD", "CSVWRITE", "FILE_READ", "FILE_WRITE", "LINK_SCHEMA",
            "ABORT_SESSION", "CANCEL_SESSION", "DATABASE_PATH", "DISK_SPACE_USED", "MEMORY_FREE", "MEMORY_USED",
            "TRUNCATE_VALUE", "JSON_OBJECTAGG_H2", "H2VERSION", "READONLY", "LOCK_MODE", "LOCK_TIMEOUT");

    private H2Rewriter() {
    }

    /** The H2 text of a whole statement. */
    public static String rewrite(String sql, List<Token> tokens, RewriteContext ctx) throws SQLException {
        return rewrite(sql, tokens, 0, tokens.size(), ctx);
    }

    /** The H2 text of tokens {@code [from, to)}. */
    public static String rewrite(String sql, List<Token> tokens, int from, int to, RewriteContext ctx) throws SQLException {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int i = from;
        boolean select = from < to && tokens.get(from).is("SELECT");
        if (select) {
            i = selectList(sql, tokens, from, to, ctx, out);
        }
        render(tokens, i, to, ctx, out, select);
        return out.toString();
    }

    private static int selectList(String sql, List<Token> tokens, int from, int to, RewriteContext ctx, StringBuilder out)
            throws SQLException {
        out.append(tokens.get(from).text());
        int i = from + 1;
        while (i < to && (tokens.get(i).is("DISTINCT") || tokens.get(i).is("ALL") || tokens.get(i).is("DISTINCTROW")
                || tokens.get(i).is("HIGH_PRIORITY") || tokens.get(i).is("STRAIGHT_JOIN") || tokens.get(i).is("SQL_NO_CACHE")
                || tokens.get(i).is("SQL_CACHE") || tokens.get(i).is("SQL_SMALL_RESULT") || tokens.get(i).is("SQL_BIG_RESULT")
                || tokens.get(i).is("SQL_BUFFER_RESULT"))) {
            if (tokens.get(i).is("SQL_NO_CACHE") || tokens.get(i).is("SQL_CACHE") || tokens.get(i).is("HIGH_PRIORITY")
                    || tokens.get(i).is("STRAIGHT_JOIN") || tokens.get(i).is("SQL_SMALL_RESULT")
                    || tokens.get(i).is("SQL_BIG_RESULT") || tokens.get(i).is("SQL_BUFFER_RESULT")) {
                i++; // hints with no effect on results
                continue;
            }
            out.append(' ').append(tokens.get(i).text());
            i++;
        }
        if (i < to && tokens.get(i).is("SQL_CALC_FOUND_ROWS")) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("SQL_CALC_FOUND_ROWS");
        }
        while (i < to) {
            int start = i;
            int depth = 0;
            while (i < to) {
                Token t = tokens.get(i);
                if (t.isSymbol("(")) {
                    depth++;
                } else if (t.isSymbol(")")) {
                    depth--;
                } else if (depth == 0 && (t.isSymbol(",") || t.isSymbol(";") || (t.type() == Type.WORD && SELECT_LIST_END.contains(t.value())))) {
                    break;
                }
                i++;
            }
            out.append(' ');
            render(tokens, start, i, ctx, out, true);
            if (needsLabel(tokens, start, i)) {
                out.append(" AS ").append(SqlLiterals.identifier(label(sql, tokens, start, i)));
            }
            if (i < to && tokens.get(i).isSymbol(",")) {
                out.append(',');
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static String label(String sql, List<Token> tokens, int start, int end) {
        if (end - start == 1 && tokens.get(start).type() == Type.STRING) {
            return tokens.get(start).value();
        }
        String text = sql.substring(tokens.get(start).start(), tokens.get(end - 1).end());
        return text.length() > 256 ? text.substring(0, 256) : text;
    }

    private static boolean needsLabel(List<Token> tokens, int start, int end) {
        int n = end - start;
        if (n == 0) {
            return false;
        }
        Token last = tokens.get(end - 1);
        // plain column references: a, t.a, db.t.a, *, t.*
        boolean simple = true;
        for (int k = start; k < end; k++) {
            Token t = tokens.get(k);
            boolean even = (k - start) % 2 == 0;
            if (even ? !(t.isIdentifier() && !(t.type() == Type.WORD && NOT_ALIAS.contains(t.value())) || t.isSymbol("*")) : !t.isSymbol(".")) {
                simple = false;
                break;
            }
        }
        if (simple && n % 2 == 1) {
            return false;
        }
        if (n >= 2) {
            Token prev = tokens.get(end - 2);
            if (prev.is("AS")) {
                return false;
            }
            boolean aliasLike = last.type() == Type.QUOTED_IDENT || last.type() == Type.STRING
                    || (last.type() == Type.WORD && !NOT_ALIAS.contains(last.value()));
            boolean valueBefore = prev.isSymbol(")") || prev.type() == Type.NUMBER || prev.type() == Type.STRING
                    || prev.type() == Type.SYS_VAR || prev.type() == Type.USER_VAR || prev.type() == Type.QUOTED_IDENT
                    || prev.type() == Type.HEX || prev.type() == Type.PARAM
                    || (prev.type() == Type.WORD && !NOT_ALIAS.contains(prev.value()));
            if (aliasLike && valueBefore && !(last.type() == Type.STRING && prev.type() == Type.WORD && prev.value().startsWith("_"))) {
                return false;
            }
        }
        return true;
    }

    /** @param query a SELECT: division by zero gives NULL, as MySQL's does outside data changes */
    private static void render(List<Token> tokens, int from, int to, RewriteContext ctx, StringBuilder out, boolean query)
            throws SQLException {
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.spaceBefore() && out.length() > 0 && out.charAt(out.length() - 1) != ' ' && out.charAt(out.length() - 1) != '(') {
                out.append(' ');
            }
            switch (t.type()) {
                case STRING -> out.append(SqlLiterals.quote(t.value()));
                case HEX -> out.append("X'").append(t.value()).append('\'');
                case BIT -> out.append(t.value().isEmpty() ? "0" : new java.math.BigInteger(t.value(), 2).toString());
                case SYS_VAR -> out.append(SqlLiterals.literal(ctx.systemVariable(t.value())));
                case WORD -> i = word(tokens, i, to, ctx, out, query);
                case SYMBOL -> i = symbol(tokens, i, to, ctx, out, query);
                default -> out.append(t.text());
            }
        }
    }

    private static int word(List<Token> tokens, int i, int to, RewriteContext ctx, StringBuilder out, boolean query)
            throws SQLException {
        Token t = tokens.get(i);
        String w = t.value();
        boolean call = i + 1 < to && tokens.get(i + 1).isSymbol("(") && !tokens.get(i + 1).spaceBefore()
                && !(i > 0 && tokens.get(i - 1).isSymbol("."));
        boolean emptyCall = call && i + 2 < to && tokens.get(i + 2).isSymbol(")");
        if (emptyCall) {
            String literal = switch (w) {
                case "DATABASE", "SCHEMA" -> SqlLiterals.literal(ctx.currentSchema());
                case "VERSION" -> SqlLiterals.literal(ctx.systemVariable("version"));
                case "USER", "SESSION_USER", "SYSTEM_USER" -> SqlLiterals.quote(ctx.user());
                case "CURRENT_USER" -> SqlLiterals.quote(ctx.currentUser());
                case "CONNECTION_ID" -> Long.toString(ctx.connectionId());
                case "LAST_INSERT_ID" -> Long.toString(ctx.lastInsertId());
                case "FOUND_ROWS" -> throw MySqlError.ER_NOT_SUPPORTED_YET.exception("FOUND_ROWS()");
                default -> null;
            };
            if (literal != null) {
                out.append(literal);
                return i + 2;
            }
        }
        if (w.equals("CURRENT_USER") && !call) {
            out.append(SqlLiterals.quote(ctx.currentUser()));
            return i;
        }
        if (w.equals("U") && i + 1 < to && tokens.get(i + 1).isSymbol("&") && !tokens.get(i + 1).spaceBefore()) {
            // H2's Unicode-escaped names (U&"...") would let a name hide from the engine's checks; not MySQL
            throw MySqlError.ER_PARSE_ERROR.exception("U&", 1);
        }
        if (call && H2_ONLY_FUNCTIONS.contains(w)) {
            // H2 functions that reach the server's files or sessions: not MySQL, never callable by a client
            throw MySqlError.ER_SP_DOES_NOT_EXIST.exception("FUNCTION", (ctx.currentSchema() == null ? "" : ctx.currentSchema() + ".")
                    + t.text());
        }
        if (call && (w.equals("MD5") || w.equals("SHA1") || w.equals("SHA") || w.equals("SHA2") || w.equals("DATE_FORMAT"))) {
            int close = matching(tokens, i + 1, to);
            if (close > 0) {
                int comma = topLevelComma(tokens, i + 2, close);
                switch (w) {
                    case "MD5", "SHA1", "SHA" -> {
                        if (comma >= 0) {
                            break;
                        }
                        out.append("LOWER(RAWTOHEX(HASH('").append(w.equals("MD5") ? "MD5" : "SHA-1").append("', ");
                        render(tokens, i + 2, close, ctx, out, query);
                        out.append(")))");
                        return close;
                    }
                    case "SHA2" -> {
                        if (comma < 0 || comma + 2 != close || tokens.get(comma + 1).type() != Type.NUMBER) {
                            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("SHA2() with a computed length");
                        }
                        String bits = tokens.get(comma + 1).text();
                        String algorithm = switch (bits) {
                            case "0", "256" -> "SHA-256";
                            case "224" -> "SHA-224";
                            case "384" -> "SHA-384";
                            case "512" -> "SHA-512";
                            default -> null;
                        };
                        if (algorithm == null) {
                            out.append("NULL");
                            return close;
                        }
                        out.append("LOWER(RAWTOHEX(HASH('").append(algorithm).append("', ");
                        render(tokens, i + 2, comma, ctx, out, query);
                        out.append(")))");
                        return close;
                    }
                    default -> { // DATE_FORMAT(expr, 'literal format')
                        if (comma < 0 || comma + 2 != close || tokens.get(comma + 1).type() != Type.STRING) {
                            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("DATE_FORMAT() with a computed format");
                        }
                        out.append("FORMATDATETIME(CAST(");
                        render(tokens, i + 2, comma, ctx, out, query);
                        out.append(" AS TIMESTAMP(9)), ").append(SqlLiterals.quote(MySqlDateFormat.toJavaPattern(tokens.get(comma + 1).value()))).append(')');
                        return close;
                    }
                }
            }
        }
        if (call && w.equals("CONCAT")) {
            // MySQL's CONCAT is NULL when an argument is; H2's skips NULLs, its || does not
            int close = matching(tokens, i + 1, to);
            if (close > 0) {
                out.append('(');
                int argStart = i + 2;
                boolean first = true;
                while (argStart <= close) {
                    int comma = topLevelComma(tokens, argStart, close);
                    int argEnd = comma < 0 ? close : comma;
                    if (!first) {
                        out.append(" || ");
                    }
                    out.append('(');
                    render(tokens, argStart, argEnd, ctx, out, query);
                    out.append(')');
                    first = false;
                    argStart = argEnd + 1;
                }
                out.append(')');
                return close;
            }
        }
        if (!call && w.equals("DIV")) {
            out.append('/'); // integer division (H2's / on integers truncates like DIV)
            return i;
        }
        if (!call && w.equals("MOD") && i > 0) {
            out.append('%');
            return i;
        }
        if (call && w.equals("IF")) {
            out.append("CASEWHEN");
            return i;
        }
        if (t.text().startsWith("_") && i + 1 < to && tokens.get(i + 1).type() == Type.STRING
                && (w.equals("_UTF8MB4") || w.equals("_UTF8") || w.equals("_UTF8MB3") || w.equals("_LATIN1") || w.equals("_BINARY"))) {
            return i; // character set introducer: strings are Unicode here
        }
        if ((w.equals("LOCK") && i + 3 < to && tokens.get(i + 1).is("IN") && tokens.get(i + 2).is("SHARE"))
                || (w.equals("FOR") && i + 1 < to && tokens.get(i + 1).is("SHARE"))) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("shared row locks (LOCK IN SHARE MODE / FOR SHARE)");
        }
        out.append(t.text());
        return i;
    }

    /** MySQL's operators where H2's differ: / is exact division, || and && are logical unless PIPES_AS_CONCAT. */
    private static int symbol(List<Token> tokens, int i, int to, RewriteContext ctx, StringBuilder out, boolean query)
            throws SQLException {
        Token t = tokens.get(i);
        switch (t.text()) {
            case "||" -> {
                if (ctx.pipesAsConcat()) {
                    out.append("||");
                } else {
                    spaced(out, "OR");
                }
                return i;
            }
            case "&&" -> {
                spaced(out, "AND");
                return i;
            }
            case "/" -> {
                // H2 divides integers as integers (7/2 = 3); MySQL's / is exact (3.5000)
                out.append("* 1.0 /");
                if (!query) {
                    return i;
                }
                int end = operandEnd(tokens, i + 1, to);
                if (end < 0) {
                    return i;
                }
                out.append(" NULLIF(");
                render(tokens, i + 1, end, ctx, out, true);
                out.append(", 0)");
                return end - 1;
            }
            default -> {
                out.append(t.text());
                return i;
            }
        }
    }

    /** A keyword set off by spaces (the next token adds none when one is there). */
    private static void spaced(StringBuilder out, String word) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
        out.append(word).append(' ');
    }

    /** The end (exclusive) of the operand starting at {@code k}: a literal, a (qualified) name, a call or a parenthesis; -1 if unsure. */
    private static int operandEnd(List<Token> tokens, int k, int to) {
        while (k < to && (tokens.get(k).isSymbol("-") || tokens.get(k).isSymbol("+"))) {
            k++;
        }
        if (k >= to) {
            return -1;
        }
        Token t = tokens.get(k);
        if (t.isSymbol("(")) {
            int close = matching(tokens, k, to);
            return close < 0 ? -1 : close + 1;
        }
        if (t.type() == Type.WORD && k + 1 < to && tokens.get(k + 1).isSymbol("(")) {
            int close = matching(tokens, k + 1, to);
            return close < 0 ? -1 : close + 1;
        }
        if (t.isIdentifier()) {
            int e = k + 1;
            while (e + 1 < to && tokens.get(e).isSymbol(".") && tokens.get(e + 1).isIdentifier()) {
                e += 2;
            }
            return e;
        }
        return switch (t.type()) {
            case NUMBER, STRING, SYS_VAR, USER_VAR, PARAM, HEX, BIT -> k + 1;
            default -> -1;
        };
    }

    /** The index of the ')' matching the '(' at {@code open}, or -1. */
    private static int matching(List<Token> tokens, int open, int to) {
        int depth = 0;
        for (int k = open; k < to; k++) {
            if (tokens.get(k).isSymbol("(")) {
                depth++;
            } else if (tokens.get(k).isSymbol(")") && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    /** The first ',' at depth 0 in [from, to), or -1. */
    private static int topLevelComma(List<Token> tokens, int from, int to) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            Token t = tokens.get(k);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && t.isSymbol(",")) {
                return k;
            }
        }
        return -1;
    }
}
