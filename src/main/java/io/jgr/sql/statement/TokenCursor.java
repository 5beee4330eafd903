package io.jgr.sql.statement;

import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token.Type;
import java.sql.SQLException;
import java.util.List;

/** A small recursive-descent helper over a statement's tokens, for the statements the engine parses itself. */
public final class TokenCursor {
    private final String sql;
    private final List<Token> tokens;
    private int pos;

    public TokenCursor(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
        // a trailing ';' ends the statement
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
            end--;
        }
        this.end = end;
    }

    private final int end;

    public String sql() {
        return sql;
    }

    public List<Token> tokens() {
        return tokens;
    }

    public int position() {
        return pos;
    }

    public void position(int p) {
        pos = p;
    }

    public int end() {
        return end;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public Token peek() {
        return pos < end ? tokens.get(pos) : null;
    }

    public Token peek(int ahead) {
        return pos + ahead < end ? tokens.get(pos + ahead) : null;
    }

    public Token next() throws SQLException {
        if (pos >= end) {
            throw syntaxError();
        }
        return tokens.get(pos++);
    }

    /** Consumes the keyword if it is next. */
    public boolean accept(String upper) {
        if (pos < end && tokens.get(pos).is(upper)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Consumes the keywords if they are all next, in order. */
    public boolean accept(String... words) {
        for (int i = 0; i < words.length; i++) {
            if (pos + i >= end || !tokens.get(pos + i).is(words[i])) {
                return false;
            }
        }
        pos += words.length;
        return true;
    }

    public boolean acceptSymbol(String s) {
        if (pos < end && tokens.get(pos).isSymbol(s)) {
            pos++;
            return true;
        }
        return false;
    }

    public void expect(String upper) throws SQLException {
        if (!accept(upper)) {
            throw syntaxError();
        }
    }

    public void expectSymbol(String s) throws SQLException {
        if (!acceptSymbol(s)) {
            throw syntaxError();
        }
    }

    public void expectEnd() throws SQLException {
        if (!atEnd()) {
            throw syntaxError();
        }
    }

    /** An identifier (word or backtick), as written. */
    public String identifier() throws SQLException {
        Token t = peek();
        if (t == null || !t.isIdentifier()) {
            throw syntaxError();
        }
        pos++;
        return t.name();
    }

    /** A string literal or an identifier (user names, host names, passwords accept both). */
    public String stringOrIdentifier() throws SQLException {
        Token t = peek();
        if (t == null || !(t.isIdentifier() || t.type() == Type.STRING)) {
            throw syntaxError();
        }
        pos++;
        return t.type() == Type.STRING ? t.value() : t.name();
    }

    public String string() throws SQLException {
        Token t = peek();
        if (t == null || t.type() != Type.STRING) {
            throw syntaxError();
        }
        pos++;
        return t.value();
    }

    /** 1064 pointing at the current token, as MySQL words it. */
    public SQLException syntaxError() {
        int at = pos < tokens.size() ? tokens.get(pos).start() : sql.length();
        String near = sql.substring(at);
        if (near.length() > 80) {
            near = near.substring(0, 80);
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        return MySqlError.ER_PARSE_ERROR.exception(near, line);
    }

    /** The source text from token {@code from} up to the current position. */
    public String textFrom(int from) {
        if (from >= pos) {
            return "";
        }
        return sql.substring(tokens.get(from).start(), tokens.get(pos - 1).end());
    }
}
