package io.jgr.sql.statement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables a DML statement names, found from its tokens (after FROM, JOIN, INTO, and the
 * statement's own target), for privilege checks. The first table of INSERT/REPLACE/UPDATE/DELETE
 * is the target; the others are read.
 */
public final class TableRefs {

    /** @param schema null when unqualified */
    public record Ref(String schema, String table, boolean target) {
    }

    private static final Set<String> NOT_ALIAS = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "CROSS", "NATURAL",
            "STRAIGHT_JOIN", "ON", "USING", "SET", "VALUES", "VALUE", "SELECT", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION",
            "FOR", "LOCK", "WINDOW", "PARTITION", "USE", "IGNORE", "FORCE", "OUTER", "AS", "EXCEPT", "INTERSECT", "INTO");

    private TableRefs() {
    }

    public static List<Ref> of(List<Token> tokens, StatementKind kind) {
        List<Ref> refs = new ArrayList<>();
        Set<String> cteNames = new HashSet<>();
        boolean targetTaken = kind == StatementKind.SELECT;
        int n = tokens.size();
        int i = 0;
        if (n > 0 && tokens.get(0).is("WITH")) {
            // WITH [RECURSIVE] name [(cols)] AS (...), ...: remember the names
            int k = 1;
            if (k < n && tokens.get(k).is("RECURSIVE")) {
                k++;
            }
            while (k < n && tokens.get(k).isIdentifier()) {
                cteNames.add(tokens.get(k).lowerName());
                k++;
                k = skipParens(tokens, k);
                if (k < n && tokens.get(k).is("AS")) {
                    k++;
                }
                k = skipParens(tokens, k);
                if (k < n && tokens.get(k).isSymbol(",")) {
                    k++;
                } else {
                    break;
                }
            }
        }
        if (kind == StatementKind.INSERT || kind == StatementKind.REPLACE || kind == StatementKind.UPDATE) {
            int k = 1;
            while (k < n && (tokens.get(k).is("LOW_PRIORITY") || tokens.get(k).is("DELAYED") || tokens.get(k).is("HIGH_PRIORITY")
                    || tokens.get(k).is("IGNORE") || tokens.get(k).is("INTO"))) {
                k++;
            }
            i = readList(tokens, k, refs, true, kind == StatementKind.UPDATE, cteNames);
            targetTaken = true;
        }
        for (; i < n; i++) {
            Token t = tokens.get(i);
            if (t.is("FROM") || t.is("JOIN") || t.is("STRAIGHT_JOIN")) {
                boolean target = !targetTaken && kind == StatementKind.DELETE;
                targetTaken = true;
                i = readList(tokens, i + 1, refs, target, t.is("FROM"), cteNames) - 1;
            }
        }
        return refs;
    }

    private static int skipParens(List<Token> tokens, int k) {
        if (k < tokens.size() && tokens.get(k).isSymbol("(")) {
            int depth = 0;
            for (; k < tokens.size(); k++) {
                if (tokens.get(k).isSymbol("(")) {
                    depth++;
                } else if (tokens.get(k).isSymbol(")") && --depth == 0) {
                    return k + 1;
                }
            }
        }
        return k;
    }

    private static int readList(List<Token> tokens, int k, List<Ref> refs, boolean target, boolean list, Set<String> cteNames) {
        int n = tokens.size();
        while (k < n && tokens.get(k).isIdentifier()) {
            if (k + 1 < n && tokens.get(k + 1).isSymbol("(")) {
                return k; // a table function
            }
            String first = tokens.get(k).name();
            String schema = null;
            String table = first;
            k++;
            if (k + 1 < n && tokens.get(k).isSymbol(".") && tokens.get(k + 1).isIdentifier()) {
                schema = first;
                table = tokens.get(k + 1).name();
                k += 2;
            }
            if (schema != null || !cteNames.contains(table.toLowerCase(Locale.ROOT))) {
                refs.add(new Ref(schema, table, target));
            }
            if (k < n && tokens.get(k).is("AS")) {
                k++;
            }
            if (k < n && tokens.get(k).isIdentifier() && !(tokens.get(k).type() == Token.Type.WORD && NOT_ALIAS.contains(tokens.get(k).value()))) {
                k++;
            }
            if (list && k < n && tokens.get(k).isSymbol(",")) {
                k++;
                continue;
            }
            break;
        }
        return k;
    }
}
