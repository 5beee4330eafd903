package io.jgr.sql.statement;

/** MySQL's LIKE for SHOW ... LIKE: % and _ wildcards, backslash escape, case-insensitive. */
public final class SqlLike {
    private SqlLike() {
    }

    public static boolean matches(String pattern, String s) {
        return match(pattern, 0, s, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (c == '\\' && pi + 1 < p.length()) {
                c = p.charAt(++pi);
                if (si >= s.length() || Character.toLowerCase(c) != Character.toLowerCase(s.charAt(si))) {
                    return false;
                }
            } else if (si >= s.length() || (c != '_' && Character.toLowerCase(c) != Character.toLowerCase(s.charAt(si)))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
