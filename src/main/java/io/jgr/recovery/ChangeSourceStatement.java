package io.jgr.recovery;

import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code CHANGE MASTER TO opt = value, … [FOR CHANNEL 'c']} and its 8.0.23 spelling
 * {@code CHANGE REPLICATION SOURCE TO …}, parsed into option name → value token. A syntax error's
 * "near" text has every password value replaced by {@code <secret>}.
 */
record ChangeSourceStatement(Map<String, Token> options, String channel) {

    /** The statement, or null when it is not a CHANGE MASTER / REPLICATION SOURCE statement. */
    static ChangeSourceStatement parse(String sql, List<Token> t) throws SQLException {
        int i = 1;
        if (at(t, i, "MASTER")) {
            i++;
        } else if (at(t, i, "REPLICATION") && at(t, i + 1, "SOURCE")) {
            i += 2;
        } else if (at(t, i, "REPLICATION") && at(t, i + 1, "FILTER")) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("CHANGE REPLICATION FILTER (jgr has no asynchronous replication channels)");
        } else {
            return null;
        }
        if (!at(t, i, "TO")) {
            throw syntaxError(sql, t, i);
        }
        i++;
        Map<String, Token> options = new LinkedHashMap<>();
        String channel = null;
        while (true) {
            if (i >= t.size() || t.get(i).type() != Token.Type.WORD) {
                throw syntaxError(sql, t, i);
            }
            String name = t.get(i).value().toUpperCase(Locale.ROOT);
            i++;
            if (i >= t.size() || !t.get(i).isSymbol("=")) {
                throw syntaxError(sql, t, i);
            }
            i++;
            if (i >= t.size()) {
                throw syntaxError(sql, t, i);
            }
            Token value = t.get(i);
            if (value.isSymbol(",") || value.is("FOR")) {
                throw syntaxError(sql, t, i);
            }
            options.put(name, value);
            // a value is one token, a (list), or a user 'u'@'h' (the lexer makes @'h' a user variable)
            if (value.isSymbol("(")) {
                int depth = 0;
                do {
                    if (t.get(i).isSymbol("(")) {
                        depth++;
                    } else if (t.get(i).isSymbol(")")) {
                        depth--;
                    }
                    i++;
                } while (depth > 0 && i < t.size());
            } else {
                i++;
                if (i < t.size() && t.get(i).type() == Token.Type.USER_VAR) {
                    i++;
                } else if (i + 1 < t.size() && t.get(i).isSymbol("@")) {
                    i += 2;
                }
            }
            if (i < t.size() && !t.get(i).isSymbol(",") && !(t.get(i).is("FOR") && at(t, i + 1, "CHANNEL"))) {
                throw syntaxError(sql, t, i);
            }
            if (i >= t.size()) {
                break;
            }
            if (t.get(i).isSymbol(",")) {
                i++;
                continue;
            }
            i += 2; // FOR CHANNEL
            if (i >= t.size() || !(t.get(i).type() == Token.Type.STRING || t.get(i).isIdentifier())) {
                throw syntaxError(sql, t, i);
            }
            channel = t.get(i).type() == Token.Type.STRING ? t.get(i).value() : t.get(i).name();
            i++;
            if (i != t.size()) {
                throw syntaxError(sql, t, i);
            }
            break;
        }
        return new ChangeSourceStatement(options, channel);
    }

    /** The string value of an option, or null when absent; a non-string value is a syntax error. */
    String string(String sql, List<Token> tokens, String... names) throws SQLException {
        for (String n : names) {
            Token v = options.get(n);
            if (v != null) {
                if (v.type() != Token.Type.STRING) {
                    throw syntaxError(sql, tokens, tokens.indexOf(v));
                }
                return v.value();
            }
        }
        return null;
    }

    private static boolean at(List<Token> t, int i, String word) {
        return i < t.size() && t.get(i).is(word);
    }

    /** 1064 as MySQL words it, with password values in the quoted text masked. */
    static SQLException syntaxError(String sql, List<Token> t, int at) {
        int from = at < t.size() && at >= 0 ? t.get(at).start() : sql.length();
        StringBuilder near = new StringBuilder();
        int pos = from;
        for (int k = Math.max(at, 0); k < t.size(); k++) {
            Token x = t.get(k);
            if (x.type() == Token.Type.STRING && isPasswordValue(t, k)) {
                near.append(sql, pos, x.start()).append("<secret>");
                pos = x.end();
            }
        }
        near.append(sql, Math.min(pos, sql.length()), sql.length());
        String text = near.length() > 80 ? near.substring(0, 80) : near.toString();
        int line = 1;
        for (int k = 0; k < from && k < sql.length(); k++) {
            if (sql.charAt(k) == '\n') {
                line++;
            }
        }
        return MySqlError.ER_PARSE_ERROR.exception(text, line);
    }

    private static boolean isPasswordValue(List<Token> t, int k) {
        int j = k - 1;
        if (j >= 0 && t.get(j).isSymbol("=")) {
            j--;
        }
        return j >= 0 && t.get(j).type() == Token.Type.WORD && t.get(j).value().toUpperCase(Locale.ROOT).endsWith("PASSWORD");
    }
}
