package io.jgr.store;

import io.jgr.sql.statement.Token;
import io.jgr.store.catalog.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MySQL generates the next AUTO_INCREMENT id for an inserted 0 (unless sql_mode has
 * NO_AUTO_VALUE_ON_ZERO); H2 stores 0. A literal 0 in the AUTO_INCREMENT column's place of an
 * INSERT/REPLACE becomes NULL, which H2 does generate for.
 */
final class AutoIncrementZero {
    private AutoIncrementZero() {
    }

    static List<Token> rewrite(List<Token> tokens, H2Session s, Connection conn) throws SQLException {
        if (!hasZero(tokens)) {
            return tokens;
        }
        int k = 1;
        while (k < tokens.size() && (tokens.get(k).is("LOW_PRIORITY") || tokens.get(k).is("DELAYED")
                || tokens.get(k).is("HIGH_PRIORITY") || tokens.get(k).is("IGNORE") || tokens.get(k).is("INTO"))) {
            k++;
        }
        if (k >= tokens.size() || !tokens.get(k).isIdentifier()) {
            return tokens;
        }
        String schema = s.currentSchema();
        String table = tokens.get(k).name();
        k++;
        if (k + 1 < tokens.size() && tokens.get(k).isSymbol(".") && tokens.get(k + 1).isIdentifier()) {
            schema = table;
            table = tokens.get(k + 1).name();
            k += 2;
        }
        if (schema == null) {
            return tokens;
        }
        TableInfo info = s.engine().catalog().table(conn, schema, table);
        if (info == null) {
            return tokens;
        }
        String auto = null;
        int autoOrdinal = -1;
        for (int i = 0; i < info.columns().size(); i++) {
            if (info.columns().get(i).autoIncrement()) {
                auto = info.columns().get(i).name().toLowerCase(Locale.ROOT);
                autoOrdinal = i;
            }
        }
        if (auto == null) {
            return tokens;
        }
        List<Token> out = new ArrayList<>(tokens);
        if (k < tokens.size() && tokens.get(k).is("SET")) {
            // INSERT ... SET col = 0, ...
            for (int i = k + 1; i + 2 < tokens.size(); i++) {
                if (tokens.get(i).isIdentifier() && tokens.get(i).lowerName().equals(auto) && tokens.get(i + 1).isSymbol("=")
                        && isZero(tokens.get(i + 2)) && (i + 3 >= tokens.size() || tokens.get(i + 3).isSymbol(",") || tokens.get(i + 3).is("ON"))) {
                    out.set(i + 2, nullAt(tokens.get(i + 2)));
                }
            }
            return out;
        }
        int position = autoOrdinal;
        if (k < tokens.size() && tokens.get(k).isSymbol("(")) {
            position = -1;
            int index = 0;
            k++;
            while (k < tokens.size() && !tokens.get(k).isSymbol(")")) {
                if (tokens.get(k).isIdentifier()) {
                    if (tokens.get(k).lowerName().equals(auto)) {
                        position = index;
                    }
                } else if (tokens.get(k).isSymbol(",")) {
                    index++;
                } else {
                    return tokens;
                }
                k++;
            }
            k++;
            if (position < 0) {
                return tokens;
            }
        }
        if (k >= tokens.size() || !(tokens.get(k).is("VALUES") || tokens.get(k).is("VALUE"))) {
            return tokens;
        }
        k++;
        while (k < tokens.size() && tokens.get(k).isSymbol("(")) {
            int index = 0;
            int depth = 0;
            int valueStart = k + 1;
            int i = k + 1;
            for (; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.isSymbol("(")) {
                    depth++;
                } else if (t.isSymbol(")")) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (depth == 0 && t.isSymbol(",")) {
                    if (index == position && i - valueStart == 1 && isZero(tokens.get(valueStart))) {
                        out.set(valueStart, nullAt(tokens.get(valueStart)));
                    }
                    index++;
                    valueStart = i + 1;
                }
            }
            if (index == position && i - valueStart == 1 && isZero(tokens.get(valueStart))) {
                out.set(valueStart, nullAt(tokens.get(valueStart)));
            }
            k = i + 1;
            if (k < tokens.size() && tokens.get(k).isSymbol(",")) {
                k++;
            } else {
                break;
            }
        }
        return out;
    }

    private static boolean hasZero(List<Token> tokens) {
        for (Token t : tokens) {
            if (isZero(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZero(Token t) {
        return t.type() == Token.Type.NUMBER && (t.text().equals("0") || t.text().equals("'0'"));
    }

    private static Token nullAt(Token t) {
        return new Token(Token.Type.WORD, "NULL", "NULL", t.start(), t.end(), t.spaceBefore());
    }
}
