package io.jgr.store;

import io.jgr.sql.error.MySqlError;
import io.jgr.store.catalog.TypeCatalog;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Translates H2's exceptions into MySQL's number, SQLSTATE and text. Runs only on the error
 * path, so parsing H2's message text here costs nothing on the hot path.
 */
public final class H2Errors {
    private H2Errors() {
    }

    /**
     * MySQL's number, SQLSTATE and text for an exception of H2's raised outside a client statement (the
     * applier's); {@code schema} qualifies a table name the way MySQL's message would (may be null).
     */
    public static SQLException toMySql(SQLException e, String schema) {
        return translate(e, schema, "");
    }

    static boolean isDeadlock(SQLException e) {
        return e.getErrorCode() == 40001;
    }

    static SQLException translate(SQLException e, String currentSchema, String sql) {
        if (e.getErrorCode() >= 1000 && e.getErrorCode() < 20000 && e.getSQLState() != null && e.getSQLState().length() == 5
                && !e.getSQLState().equals(String.valueOf(e.getErrorCode()))) {
            // already MySQL's (e.g. 3098 thrown by the capture trigger), wrapped in H2's text
            return new SQLException(firstPart(e.getMessage() == null ? "" : e.getMessage()), e.getSQLState(), e.getErrorCode());
        }
        SQLException cause = mysqlCause(e);
        if (cause != null) {
            return cause;
        }
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String head = firstPart(msg);
        return switch (e.getErrorCode()) {
            case 23505 -> duplicate(head);
            case 42102 -> MySqlError.ER_NO_SUCH_TABLE.exception(qualified(quoted(head), currentSchema));
            case 42122 -> MySqlError.ER_BAD_FIELD_ERROR.exception(quoted(head), "field list");
            case 42000, 42001 -> MySqlError.ER_PARSE_ERROR.exception(near(msg, sql), 1);
            case 23502 -> MySqlError.ER_BAD_NULL_ERROR.exception(quoted(head));
            case 22001 -> MySqlError.ER_DATA_TOO_LONG.exception(firstWord(quoted(head)), 1);
            case 23506 -> MySqlError.ER_NO_REFERENCED_ROW_2.exception(fkText(head));
            case 23503 -> MySqlError.ER_ROW_IS_REFERENCED_2.exception(fkText(head));
            case 23513, 23514 -> check(head);
            case 50200 -> MySqlError.ER_LOCK_WAIT_TIMEOUT.exception();
            case 40001 -> MySqlError.ER_LOCK_DEADLOCK.exception();
            case 90079 -> MySqlError.ER_BAD_DB_ERROR.exception(quoted(head));
            case 90078 -> MySqlError.ER_DB_CREATE_EXISTS.exception(quoted(head));
            case 42101 -> MySqlError.ER_TABLE_EXISTS_ERROR.exception(unqualified(quoted(head)));
            case 42121 -> MySqlError.ER_DUP_FIELDNAME.exception(quoted(head));
            case 42111 -> MySqlError.ER_DUP_KEYNAME.exception(unqualified(quoted(head)));
            case 42112, 90057 -> MySqlError.ER_CANT_DROP_FIELD_OR_KEY.exception(unqualified(quoted(head)));
            case 22012 -> MySqlError.ER_DIVISION_BY_ZERO.exception();
            case 22003 -> MySqlError.ER_WARN_DATA_OUT_OF_RANGE.exception(rangeColumn(head), 1);
            case 22018, 22007 -> MySqlError.ER_TRUNCATED_WRONG_VALUE_FOR_FIELD.withText("Incorrect value: " + valueOf(head));
            case 22030 -> MySqlError.WARN_DATA_TRUNCATED.withText("Data truncated: value '" + quoted(head.substring(head.indexOf(':') + 1))
                    + "' is not one of " + quoted(head));
            case 21002 -> MySqlError.ER_WRONG_VALUE_COUNT_ON_ROW.exception(1);
            case 90059 -> MySqlError.ER_NON_UNIQ_ERROR.exception(quoted(head), "field list");
            case 90106 -> MySqlError.ER_TRUNCATE_ILLEGAL_FK.exception(quoted(head));
            case 90022 -> MySqlError.ER_SP_DOES_NOT_EXIST.exception("FUNCTION", qualified(quoted(head), currentSchema));
            case 90063 -> MySqlError.ER_SP_DOES_NOT_EXIST.exception("SAVEPOINT", quoted(head));
            case 90083 -> MySqlError.ER_CANT_DROP_FIELD_OR_KEY.exception(quoted(head));
            default -> MySqlError.ER_UNKNOWN_ERROR.withText(head);
        };
    }

    private static SQLException mysqlCause(Throwable e) {
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException s && s.getErrorCode() == MySqlError.ER_BEFORE_DML_VALIDATION_ERROR.code()) {
                return MySqlError.ER_BEFORE_DML_VALIDATION_ERROR.exception();
            }
        }
        if (e.getMessage() != null && e.getMessage().contains(MySqlError.ER_BEFORE_DML_VALIDATION_ERROR.message())) {
            return MySqlError.ER_BEFORE_DML_VALIDATION_ERROR.exception();
        }
        return null;
    }

    /** H2's message up to "; SQL statement:". */
    private static String firstPart(String msg) {
        int i = msg.indexOf("; SQL statement:");
        String s = i >= 0 ? msg.substring(0, i) : msg;
        int bracket = s.lastIndexOf(" [");
        return bracket > 0 && s.endsWith("]") ? s.substring(0, bracket) : s;
    }

    /** The first "quoted" name in H2's text. */
    private static String quoted(String head) {
        int a = head.indexOf('"');
        int b = a < 0 ? -1 : head.indexOf('"', a + 1);
        return a >= 0 && b > a ? head.substring(a + 1, b) : head;
    }

    private static String firstWord(String s) {
        int sp = s.indexOf(' ');
        return sp > 0 ? s.substring(0, sp) : s;
    }

    private static String unqualified(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static String qualified(String name, String schema) {
        int paren = name.indexOf(' ');
        String n = paren > 0 ? name.substring(0, paren) : name;
        return n.indexOf('.') >= 0 || schema == null ? n : schema + '.' + n;
    }

    /** "shop.uk_u INDEX shop.uk_u_INDEX_7 ON shop.t(u NULLS FIRST) VALUES ( /* 1 *\/ 1 )" → 1062 'val' for key 't.uk_u'. */
    private static SQLException duplicate(String head) {
        String inner = quoted(head.substring(head.indexOf(':') + 1).trim());
        if (inner.equals(head)) {
            int q = head.indexOf('"');
            inner = q >= 0 ? head.substring(q + 1, head.lastIndexOf('"') > q ? head.lastIndexOf('"') : head.length()) : head;
        }
        int q = head.indexOf('"');
        int last = head.lastIndexOf('"');
        if (q >= 0 && last > q) {
            inner = head.substring(q + 1, last);
        }
        boolean primary = inner.contains(" PRIMARY KEY ON ");
        int on = inner.indexOf(" ON ");
        String table = "";
        if (on >= 0) {
            String rest = inner.substring(on + 4);
            int paren = rest.indexOf('(');
            table = unqualified(paren > 0 ? rest.substring(0, paren) : rest).trim();
        }
        String keyName;
        if (primary) {
            keyName = "PRIMARY";
        } else {
            String first = firstWord(inner);
            keyName = unqualified(first);
            if (keyName.startsWith("CONSTRAINT_") || keyName.contains("_INDEX_")) {
                int paren = inner.indexOf('(', on);
                int close = paren < 0 ? -1 : inner.indexOf(')', paren);
                keyName = paren >= 0 && close > paren ? firstWord(inner.substring(paren + 1, close).split(",")[0].trim()) : keyName;
            }
        }
        keyName = io.jgr.store.catalog.IndexNames.mysqlName(keyName);
        String value = duplicateValue(inner, primary);
        return MySqlError.ER_DUP_ENTRY.exception(value, table.isEmpty() ? keyName : table + '.' + keyName);
    }

    private static String duplicateValue(String inner, boolean primary) {
        if (primary) {
            // "( /* key:1 */ 1, ...)": the key columns are marked
            return markedValues(inner, 0, "/* key:");
        }
        int v = inner.lastIndexOf("VALUES (");
        return v < 0 ? "" : markedValues(inner, v + 8, "/*");
    }

    /** The values after each {@code marker ... *\/} from {@code from} on, joined by '-' as MySQL's 1062 text shows a key. */
    private static String markedValues(String inner, int from, String marker) {
        StringBuilder out = new StringBuilder();
        while (true) {
            int k = inner.indexOf(marker, from);
            if (k < 0) {
                return out.toString();
            }
            int end = inner.indexOf("*/", k);
            int stop = valueEnd(inner, end + 2);
            if (out.length() > 0) {
                out.append('-');
            }
            out.append(literalText(inner.substring(end + 2, stop).trim()));
            from = stop;
        }
    }

    private static int valueEnd(String s, int from) {
        boolean quote = false;
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quote = !quote;
            } else if (!quote && c == '(') {
                depth++;
            } else if (!quote && c == ')') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (!quote && c == ',' && depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    /** "CAST('Apple' AS VARCHAR_IGNORECASE(5))" or "'a''b'" or "1" → the plain value. */
    private static String literalText(String v) {
        if (v.startsWith("CAST(")) {
            int as = v.lastIndexOf(" AS ");
            v = v.substring(5, as > 0 ? as : v.length()).trim();
        }
        if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        return v;
    }

    /** "fk: shop.c FOREIGN KEY(pid) REFERENCES shop.t(id) (99)" → "`shop`.`c`, CONSTRAINT `fk` FOREIGN KEY (`pid`) REFERENCES `t` (`id`)". */
    private static String fkText(String head) {
        String inner = quoted(head);
        try {
            int colon = inner.indexOf(": ");
            String name = unqualified(inner.substring(0, colon));
            String rest = inner.substring(colon + 2);
            int fk = rest.indexOf(" FOREIGN KEY(");
            String child = rest.substring(0, fk);
            int close = rest.indexOf(')', fk);
            String cols = rest.substring(fk + 13, close);
            int ref = rest.indexOf("REFERENCES ", close) + 11;
            int open = rest.indexOf('(', ref);
            String parent = unqualified(rest.substring(ref, open));
            String refCols = rest.substring(open + 1, rest.indexOf(')', open));
            int dot = child.indexOf('.');
            return "`" + child.substring(0, dot) + "`.`" + child.substring(dot + 1) + "`, CONSTRAINT `" + name + "` FOREIGN KEY ("
                    + backticks(cols) + ") REFERENCES `" + parent + "` (" + backticks(refCols) + ")";
        } catch (RuntimeException unparsable) {
            return inner;
        }
    }

    private static String backticks(String list) {
        StringBuilder b = new StringBuilder();
        for (String c : list.split(",")) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append('`').append(c.trim()).append('`');
        }
        return b.toString();
    }

    private static SQLException check(String head) {
        String inner = quoted(head);
        int colon = inner.indexOf(':');
        String name = colon > 0 ? inner.substring(0, colon) : inner;
        name = unqualified(name.trim());
        if (name.startsWith(TypeCatalog.RANGE_CHECK_PREFIX)) {
            String rest = name.substring(TypeCatalog.RANGE_CHECK_PREFIX.length());
            int us = rest.indexOf('_');
            return MySqlError.ER_WARN_DATA_OUT_OF_RANGE.exception(us >= 0 ? rest.substring(us + 1) : rest, 1);
        }
        return MySqlError.ER_CHECK_CONSTRAINT_VIOLATED.exception(name);
    }

    private static String rangeColumn(String head) {
        int i = head.toLowerCase(Locale.ROOT).indexOf("column");
        if (i >= 0) {
            String q = quoted(head.substring(i));
            return firstWord(q);
        }
        return "?";
    }

    private static String valueOf(String head) {
        return quoted(head);
    }

    /** 1064's "near '...'": the statement text from H2's [*] marker. */
    private static String near(String msg, String sql) {
        int star = msg.indexOf("[*]");
        String near;
        if (star >= 0) {
            int end = msg.indexOf('"', star);
            near = msg.substring(star + 3, end > star ? end : msg.length());
        } else {
            near = sql == null ? "" : sql;
        }
        return near.length() > 80 ? near.substring(0, 80) : near;
    }
}
