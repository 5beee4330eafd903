package io.jgr.sql.statement;

import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token.Type;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MySQL's lexical rules in one pass, without regular expressions (it runs on every statement):
 * string literals in either quote with backslash escapes, backtick identifiers, {@code #},
 * {@code --} and block comments, executable comments {@code /*!NNNNN ...}{@code *}{@code /}
 * (their content is kept), optimizer hints {@code /*+ ...}{@code *}{@code /} (dropped).
 */
public final class Lexer {
    private final String sql;
    private final boolean backslashEscapes;
    private final boolean ansiQuotes;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int execCommentDepth;
    private boolean space;

    private Lexer(String sql, boolean backslashEscapes, boolean ansiQuotes) {
        this.sql = sql;
        this.backslashEscapes = backslashEscapes;
        this.ansiQuotes = ansiQuotes;
    }

    /** The tokens of {@code sql} under the default sql_mode; 1064 for an unterminated string, identifier or comment. */
    public static List<Token> lex(String sql) throws SQLException {
        return lex(sql, true, false);
    }

    /**
     * The tokens of {@code sql}: {@code backslashEscapes} false under sql_mode NO_BACKSLASH_ESCAPES,
     * {@code ansiQuotes} true under ANSI_QUOTES (double quotes delimit identifiers).
     */
    public static List<Token> lex(String sql, boolean backslashEscapes, boolean ansiQuotes) throws SQLException {
        Lexer lexer = new Lexer(sql, backslashEscapes, ansiQuotes);
        lexer.run();
        return lexer.tokens;
    }

    private void run() throws SQLException {
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
                space = true;
            } else if (c == '#') {
                skipLine();
            } else if (c == '-' && sql.startsWith("--", pos) && (pos + 2 >= n || Character.isWhitespace(sql.charAt(pos + 2)) || Character.isISOControl(sql.charAt(pos + 2)))) {
                skipLine();
            } else if (c == '/' && pos + 1 < n && sql.charAt(pos + 1) == '*') {
                blockComment();
            } else if (c == '*' && execCommentDepth > 0 && pos + 1 < n && sql.charAt(pos + 1) == '/') {
                execCommentDepth--;
                pos += 2;
                space = true;
            } else if (c == '\'' || (c == '"' && !ansiQuotes)) {
                string(pos, c);
            } else if (c == '`' || c == '"') {
                quotedIdentifier(c);
            } else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && pos + 1 < n && sql.charAt(pos + 1) == '\'') {
                prefixedLiteral(c == 'x' || c == 'X' ? Type.HEX : Type.BIT);
            } else if ((c == 'n' || c == 'N') && pos + 1 < n && sql.charAt(pos + 1) == '\'') {
                pos++;
                string(pos - 1, '\'');
            } else if (c == '0' && pos + 1 < n && (sql.charAt(pos + 1) == 'x' || sql.charAt(pos + 1) == 'b') && pos + 2 < n && isHexDigit(sql.charAt(pos + 2))) {
                int start = pos;
                boolean hex = sql.charAt(pos + 1) == 'x';
                pos += 2;
                while (pos < n && (hex ? isHexDigit(sql.charAt(pos)) : (sql.charAt(pos) == '0' || sql.charAt(pos) == '1'))) {
                    pos++;
                }
                if (pos < n && isWordChar(sql.charAt(pos))) {
                    pos = start;
                    word();
                } else {
                    add(hex ? Type.HEX : Type.BIT, start, sql.substring(start + 2, pos));
                }
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(sql.charAt(pos + 1)) && !previousIsIdentifier())) {
                number();
            } else if (c == '@') {
                variable();
            } else if (c == '?') {
                pos++;
                add(Type.PARAM, pos - 1, "?");
            } else if (isWordChar(c)) {
                word();
            } else {
                symbol();
            }
        }
        if (execCommentDepth > 0) {
            throw syntax(sql.length());
        }
    }

    private void skipLine() {
        while (pos < sql.length() && sql.charAt(pos) != '\n') {
            pos++;
        }
        space = true;
    }

    private void blockComment() throws SQLException {
        int start = pos;
        if (pos + 2 < sql.length() && sql.charAt(pos + 2) == '!') {
            // executable comment: skip the optional version number, lex the content as code
            pos += 3;
            int digits = 0;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos)) && digits < 6) {
                pos++;
                digits++;
            }
            execCommentDepth++;
            space = true;
            return;
        }
        int close = sql.indexOf("*/", pos + 2);
        if (close < 0) {
            throw syntax(start);
        }
        pos = close + 2;
        space = true;
    }

    private void string(int start, char quote) throws SQLException {
        StringBuilder value = new StringBuilder();
        pos++;
        int n = sql.length();
        while (true) {
            if (pos >= n) {
                throw syntax(start);
            }
            char c = sql.charAt(pos);
            if (c == '\\' && backslashEscapes && pos + 1 < n) {
                char e = sql.charAt(pos + 1);
                switch (e) {
                    case '0' -> value.append('\0');
                    case 'b' -> value.append('\b');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'Z' -> value.append('\u001a');
                    case '%', '_' -> value.append('\\').append(e); // kept for LIKE, as MySQL does
                    default -> value.append(e);
                }
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < n && sql.charAt(pos + 1) == quote) {
                    value.append(quote);
                    pos += 2;
                } else {
                    pos++;
                    break;
                }
            } else {
                value.append(c);
                pos++;
            }
        }
        add(Type.STRING, start, value.toString());
    }

    private void quotedIdentifier(char quote) throws SQLException {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= sql.length()) {
                throw syntax(start);
            }
            char c = sql.charAt(pos);
            if (c == quote) {
                if (pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
                    value.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            value.append(c);
            pos++;
        }
        add(Type.QUOTED_IDENT, start, value.toString());
    }

    private void prefixedLiteral(Type type) throws SQLException {
        int start = pos;
        int close = sql.indexOf('\'', pos + 2);
        if (close < 0) {
            throw syntax(start);
        }
        String digits = sql.substring(pos + 2, close);
        for (int i = 0; i < digits.length(); i++) {
            char d = digits.charAt(i);
            if (type == Type.HEX ? !isHexDigit(d) : (d != '0' && d != '1')) {
                throw syntax(start);
            }
        }
        if (type == Type.HEX && digits.length() % 2 != 0) {
            throw syntax(start);
        }
        pos = close + 1;
        add(type, start, digits);
    }

    private void number() {
        int start = pos;
        int n = sql.length();
        while (pos < n && Character.isDigit(sql.charAt(pos))) {
            pos++;
        }
        if (pos < n && sql.charAt(pos) == '.') {
            pos++;
            while (pos < n && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
        }
        if (pos < n && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < n && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < n && Character.isDigit(sql.charAt(pos))) {
                while (pos < n && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        if (pos < n && isWordChar(sql.charAt(pos)) && !Character.isDigit(sql.charAt(pos))) {
            // MySQL allows identifiers that start with digits, e.g. 1abc
            pos = start;
            word();
            return;
        }
        add(Type.NUMBER, start, sql.substring(start, pos));
    }

    private void variable() throws SQLException {
        int start = pos;
        boolean system = pos + 1 < sql.length() && sql.charAt(pos + 1) == '@';
        pos += system ? 2 : 1;
        if (pos < sql.length() && (sql.charAt(pos) == '`' || sql.charAt(pos) == '\'' || sql.charAt(pos) == '"')) {
            char q = sql.charAt(pos);
            int close = sql.indexOf(q, pos + 1);
            if (close < 0) {
                throw syntax(start);
            }
            String name = sql.substring(pos + 1, close);
            pos = close + 1;
            add(system ? Type.SYS_VAR : Type.USER_VAR, start, name);
            return;
        }
        int nameStart = pos;
        while (pos < sql.length() && (isWordChar(sql.charAt(pos)) || sql.charAt(pos) == '.' || sql.charAt(pos) == '$')) {
            pos++;
        }
        add(system ? Type.SYS_VAR : Type.USER_VAR, start, sql.substring(nameStart, pos));
    }

    private void word() {
        int start = pos;
        while (pos < sql.length() && (isWordChar(sql.charAt(pos)) || sql.charAt(pos) == '$')) {
            pos++;
        }
        add(Type.WORD, start, sql.substring(start, pos).toUpperCase(Locale.ROOT));
    }

    private static final String[] OPERATORS = {"<=>", "->>", "<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>", "->"};

    private void symbol() {
        int start = pos;
        for (String op : OPERATORS) {
            if (sql.startsWith(op, pos)) {
                pos += op.length();
                add(Type.SYMBOL, start, op);
                return;
            }
        }
        pos++;
        add(Type.SYMBOL, start, sql.substring(start, pos));
    }

    private void add(Type type, int start, String value) {
        tokens.add(new Token(type, sql.substring(start, pos), value, start, pos, space));
        space = false;
    }

    private boolean previousIsIdentifier() {
        if (tokens.isEmpty() || space) {
            return false;
        }
        Token last = tokens.get(tokens.size() - 1);
        return last.isIdentifier() || last.isSymbol(")");
    }

    private SQLException syntax(int at) {
        String near = sql.substring(Math.min(at, sql.length()));
        return MySqlError.ER_PARSE_ERROR.exception(near.length() > 80 ? near.substring(0, 80) : near, lineOf(at));
    }

    private int lineOf(int at) {
        int line = 1;
        for (int i = 0; i < at && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c > 0x7f;
    }

    private static boolean isHexDigit(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
