package io.jgr.server.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces the passwords in SQL text with {@code <secret>} before it reaches a log, as MySQL's
 * statement rewriter does for the general log. It lexes the text the way MySQL does (quotes with
 * doubled quotes and backslash escapes, backticks, {@code #}, {@code -- } and {@code /* *\/}
 * comments, executable {@code /*! *\/} comments whose content is SQL) and masks the string literal
 * that follows each password position:
 * <ul>
 *   <li>{@code IDENTIFIED BY 'p'}, {@code IDENTIFIED WITH plugin BY|AS 'p'} (CREATE/ALTER USER, GRANT);</li>
 *   <li>{@code REPLACE 'old'} in CREATE/ALTER USER and SET PASSWORD; {@code SET PASSWORD [FOR u] = 'p'}
 *       and {@code = PASSWORD('p')};</li>
 *   <li>{@code MASTER_PASSWORD = 'p'}, {@code SOURCE_PASSWORD = 'p'} (CHANGE MASTER / REPLICATION SOURCE),
 *       {@code PASSWORD = 'p'} (START GROUP_REPLICATION, START REPLICA, CREATE SERVER OPTIONS), in any statement;</li>
 *   <li>the statement text of {@code PREPARE ... FROM '...'} when it names a password.</li>
 * </ul>
 * It fails closed: an unterminated literal in a statement that carries a password is masked to the
 * end, and comments are dropped from such statements (MySQL logs them rewritten, without comments).
 */
public final class PasswordMasker {
    public static final String SECRET = "<secret>";

    private static final Set<String> PASSWORD_WORDS = Set.of("PASSWORD", "MASTER_PASSWORD", "SOURCE_PASSWORD");
    private static final Pattern SECRET_STATEMENT = Pattern.compile("(?i)identified|password");

    private enum Kind { WORD, STRING, QUOTED_ID, NUMBER, SYMBOL, COMMENT, EXEC_MARK }

    private record Token(Kind kind, int start, int end, String upper, boolean unterminated) {
        boolean is(Kind k, String text) {
            return kind == k && upper.equals(text);
        }
    }

    /** Which kind of statement decides where passwords can be. */
    private enum Statement { USER, SET_PASSWORD, PREPARE, OTHER }

    private PasswordMasker() {
    }

    /** {@code sql} with every password replaced by {@code <secret>}; backslash escapes as in the default sql_mode. */
    public static String mask(String sql) {
        return mask(sql, false);
    }

    /** As {@link #mask(String)}; {@code noBackslashEscapes} when the session's sql_mode has NO_BACKSLASH_ESCAPES. */
    public static String mask(String sql, boolean noBackslashEscapes) {
        if (sql == null || !mayCarryPassword(sql)) {
            return sql; // every password position needs one of the two words: skip the lexer
        }
        List<Token> tokens = lex(sql, noBackslashEscapes);
        List<int[]> replacements = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            if (i == tokens.size() || tokens.get(i).is(Kind.SYMBOL, ";")) {
                maskStatement(tokens.subList(from, i), replacements);
                from = i + 1;
            }
        }
        if (replacements.isEmpty()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length());
        int pos = 0;
        for (int[] r : replacements) {
            if (r[0] < pos) {
                continue; // already inside an earlier replacement
            }
            out.append(sql, pos, r[0]).append(r[2] == 1 ? SECRET : " ");
            pos = r[1];
        }
        return out.append(sql, Math.min(pos, sql.length()), sql.length()).toString();
    }

    /** Adds {start, end, 1=secret|0=space} replacements for one statement. */
    private static void maskStatement(List<Token> all, List<int[]> out) {
        List<Token> sig = all.stream().filter(t -> t.kind != Kind.COMMENT && t.kind != Kind.EXEC_MARK).toList();
        if (sig.isEmpty()) {
            return;
        }
        Statement kind = classify(sig);
        List<int[]> found = new ArrayList<>();
        boolean identified = false;
        for (int i = 0; i < sig.size(); i++) {
            Token t = sig.get(i);
            boolean trigger = false;
            if (t.kind == Kind.WORD) {
                if (PASSWORD_WORDS.contains(t.upper)) {
                    trigger = true;
                } else if ((t.upper.equals("BY") || t.upper.equals("AS")) && identified) {
                    trigger = true;
                } else if (t.upper.equals("REPLACE") && (kind == Statement.USER || kind == Statement.SET_PASSWORD)) {
                    trigger = true;
                } else if (t.upper.equals("IDENTIFIED")) {
                    identified = true;
                }
            } else if (t.is(Kind.SYMBOL, "=") && kind == Statement.SET_PASSWORD) {
                trigger = true;
            }
            if (trigger) {
                maskLiteralAfter(sig, i, found);
            }
        }
        if (kind == Statement.PREPARE) {
            // PREPARE s FROM '...': the statement inside names a password; hide it whole.
            for (int i = 1; i < sig.size(); i++) {
                Token t = sig.get(i);
                if (t.kind == Kind.STRING && sig.get(i - 1).is(Kind.WORD, "FROM")) {
                    found.add(new int[] {t.start, t.end, 1});
                }
            }
        }
        boolean carriesSecret = kind != Statement.OTHER || !found.isEmpty();
        if (carriesSecret) {
            for (Token t : sig) {
                if (t.unterminated) {
                    found.add(new int[] {t.start, Integer.MAX_VALUE, 1});
                }
            }
            for (Token t : all) {
                if (t.kind == Kind.COMMENT) {
                    found.add(new int[] {t.start, t.end, 0});
                }
            }
        }
        out.addAll(found);
        out.sort((a, b) -> Integer.compare(a[0], b[0]));
    }

    /** From a password position, skips {@code =}, {@code (}, {@code PASSWORD}, an introducer, then masks adjacent literals. */
    private static void maskLiteralAfter(List<Token> sig, int at, List<int[]> found) {
        int j = at + 1;
        while (j < sig.size()) {
            Token t = sig.get(j);
            boolean skip = t.is(Kind.SYMBOL, "=") || t.is(Kind.SYMBOL, "(") || t.is(Kind.WORD, "PASSWORD")
                    || t.is(Kind.WORD, "TO") || (t.kind == Kind.WORD && t.upper.startsWith("_"));
            if (!skip) {
                break;
            }
            j++;
        }
        int first = j;
        while (j < sig.size() && sig.get(j).kind == Kind.STRING) {
            j++;
        }
        if (j > first) {
            Token last = sig.get(j - 1);
            found.add(new int[] {sig.get(first).start, last.unterminated ? Integer.MAX_VALUE : last.end, 1});
        }
    }

    /** True if {@code sql} contains "password" or "identified" in any case. */
    static boolean mayCarryPassword(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if ((c == 'p' || c == 'P') && sql.regionMatches(true, i, "password", 0, 8)
                    || (c == 'i' || c == 'I') && sql.regionMatches(true, i, "identified", 0, 10)) {
                return true;
            }
        }
        return false;
    }

    private static Statement classify(List<Token> sig) {
        String w0 = word(sig, 0);
        String w1 = word(sig, 1);
        switch (w0) {
            case "CREATE", "ALTER" -> {
                for (int i = 1; i < Math.min(4, sig.size()); i++) {
                    if (word(sig, i).equals("USER")) {
                        return Statement.USER;
                    }
                }
                return Statement.OTHER;
            }
            case "GRANT" -> {
                return Statement.USER;
            }
            case "SET" -> {
                return w1.equals("PASSWORD") ? Statement.SET_PASSWORD : Statement.OTHER;
            }
            case "PREPARE" -> {
                for (Token t : sig) {
                    if (t.kind == Kind.STRING && SECRET_STATEMENT.matcher(t.upper).find()) {
                        return Statement.PREPARE;
                    }
                }
                return Statement.OTHER;
            }
            default -> {
                return Statement.OTHER;
            }
        }
    }

    private static String word(List<Token> sig, int i) {
        return i < sig.size() && sig.get(i).kind == Kind.WORD ? sig.get(i).upper : "";
    }

    /** MySQL's lexical structure, enough to find literals and keywords. */
    private static List<Token> lex(String s, boolean noBackslashEscapes) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        boolean inExecutable = false;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || (c == '-' && i + 1 < n && s.charAt(i + 1) == '-'
                    && (i + 2 >= n || Character.isWhitespace(s.charAt(i + 2)) || Character.isISOControl(s.charAt(i + 2))))) {
                int end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.add(new Token(Kind.COMMENT, i, end, "", false));
                i = end;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                if (i + 2 < n && s.charAt(i + 2) == '!') {
                    int j = i + 3;
                    while (j < n && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                    out.add(new Token(Kind.EXEC_MARK, i, j, "", false));
                    inExecutable = true;
                    i = j;
                } else {
                    int end = s.indexOf("*/", i + 2);
                    end = end < 0 ? n : end + 2;
                    out.add(new Token(Kind.COMMENT, i, end, "", false));
                    i = end;
                }
            } else if (c == '*' && inExecutable && i + 1 < n && s.charAt(i + 1) == '/') {
                out.add(new Token(Kind.EXEC_MARK, i, i + 2, "", false));
                inExecutable = false;
                i += 2;
            } else if (c == '\'' || c == '"') {
                i = string(s, i, i, c, noBackslashEscapes, out);
            } else if (c == '`') {
                int j = i + 1;
                while (j < n) {
                    if (s.charAt(j) == '`') {
                        if (j + 1 < n && s.charAt(j + 1) == '`') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(new Token(Kind.QUOTED_ID, i, Math.min(j + 1, n), "", j >= n));
                i = Math.min(j + 1, n);
            } else if (isWordChar(c)) {
                int j = i;
                while (j < n && isWordChar(s.charAt(j))) {
                    j++;
                }
                String word = s.substring(i, j).toUpperCase(Locale.ROOT);
                if ((word.equals("N") || word.equals("X") || word.equals("B")) && j < n && s.charAt(j) == '\'') {
                    i = string(s, i, j, '\'', noBackslashEscapes, out);
                    continue;
                }
                boolean number = word.chars().allMatch(Character::isDigit);
                out.add(new Token(number ? Kind.NUMBER : Kind.WORD, i, j, word, false));
                i = j;
            } else {
                out.add(new Token(Kind.SYMBOL, i, i + 1, String.valueOf(c), false));
                i++;
            }
        }
        return out;
    }

    /** A quoted literal starting at {@code quoteAt} (token from {@code start}, which may include N/X/B). */
    private static int string(String s, int start, int quoteAt, char quote, boolean noBackslashEscapes, List<Token> out) {
        int n = s.length();
        int j = quoteAt + 1;
        while (j < n) {
            char ch = s.charAt(j);
            if (ch == '\\' && !noBackslashEscapes) {
                j += 2;
                continue;
            }
            if (ch == quote) {
                if (j + 1 < n && s.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                break;
            }
            j++;
        }
        boolean unterminated = j >= n;
        int end = unterminated ? n : j + 1;
        out.add(new Token(Kind.STRING, start, end, s.substring(quoteAt, end), unterminated));
        return end;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
    }
}
