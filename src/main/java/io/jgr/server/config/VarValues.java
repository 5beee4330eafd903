package io.jgr.server.config;

import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Converts a SET value to a variable's type with MySQL's rules: a value of the wrong kind is 1232
 * (a decimal for a boolean, a string for a number), a value of the right kind that is not allowed
 * is 1231, an integer out of range is clamped with warning 1292 (1231 under STRICT_ALL_TABLES),
 * and the same rules for option-file text, which is more lenient as my_getopt is.
 */
final class VarValues {
    /** MySQL prints at most this many characters of a refused value. */
    private static final int SHOWN_VALUE_CHARS = 200;

    private VarValues() {
    }

    /** A SET value (null, Long, BigDecimal, Double or String) as the variable's typed value. */
    static Object fromSql(VarDef def, Object input, boolean strictAll, List<Warning> warnings) throws SQLException {
        if (input instanceof Integer i) {
            input = Long.valueOf(i);
        }
        if (input instanceof Boolean b) {
            input = b ? 1L : 0L;
        }
        boolean decimal = input instanceof BigDecimal || input instanceof Double || input instanceof Float;
        return switch (def.type()) {
            case BOOL -> {
                if (decimal) {
                    throw wrongType(def);
                }
                if (input instanceof Long l) {
                    if (l != 0 && l != 1) {
                        throw wrongValue(def, input);
                    }
                    yield l == 1;
                }
                Boolean b = input == null ? null : parseBoolWord((String) input, false);
                if (b == null) {
                    throw wrongValue(def, input);
                }
                yield b;
            }
            case INT, ULONG -> {
                if (!(input instanceof Long l)) {
                    throw wrongType(def);
                }
                yield clamp(def, l, strictAll, warnings);
            }
            case ENUM -> {
                if (decimal) {
                    throw wrongType(def);
                }
                if (input == null) {
                    if (def.nullable()) {
                        yield null;
                    }
                    throw wrongValue(def, null);
                }
                if (input instanceof Long l) {
                    if (l < 0 || l >= def.values().size()) {
                        throw wrongValue(def, input);
                    }
                    yield def.values().get(l.intValue());
                }
                String word = enumWord(def, (String) input);
                if (word == null) {
                    throw wrongValue(def, input);
                }
                yield word;
            }
            case SET -> {
                if (decimal) {
                    throw wrongType(def);
                }
                if (input == null) {
                    throw wrongValue(def, null);
                }
                if (input instanceof Long l) {
                    if (l < 0 || (def.values().size() < 63 && l >= (1L << def.values().size()))) {
                        throw wrongValue(def, input);
                    }
                    List<String> words = new ArrayList<>();
                    for (int i = 0; i < def.values().size(); i++) {
                        if ((l & (1L << i)) != 0) {
                            words.add(def.values().get(i));
                        }
                    }
                    yield String.join(",", words);
                }
                yield setWords(def, (String) input);
            }
            case STRING -> {
                if (input == null) {
                    if (def.nullable()) {
                        yield null;
                    }
                    throw wrongValue(def, null);
                }
                if (!(input instanceof String s)) {
                    throw wrongType(def);
                }
                yield s;
            }
        };
    }

    /** Option-file or mysqld-auto.cnf text as the typed value; IllegalArgumentException if it does not fit. */
    static Object fromText(VarDef def, String text) {
        try {
            return switch (def.type()) {
                case BOOL -> {
                    Boolean b = text == null ? Boolean.TRUE : parseBoolWord(text, true);
                    if (b == null) {
                        throw new IllegalArgumentException();
                    }
                    yield b;
                }
                case INT, ULONG -> {
                    long v = parseNumberWithSuffix(text);
                    yield Math.max(def.min(), Math.min(def.max(), v));
                }
                case ENUM, SET -> {
                    String t = text == null ? "" : text.trim();
                    yield t.matches("\\d+") ? fromSql(def, Long.valueOf(t), false, new ArrayList<>())
                            : fromSql(def, t, false, new ArrayList<>());
                }
                case STRING -> text == null ? "" : text;
            };
        } catch (SQLException | RuntimeException e) {
            throw new IllegalArgumentException("Error while setting value '" + text + "' to '" + def.name() + "'", e);
        }
    }

    /** {@code SELECT @@x}: BOOL as 1/0, numbers as Long, words and text as String, NULL as null. */
    static Object forSelect(Object value) {
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return value;
    }

    /** SHOW VARIABLES and mysqld-auto.cnf: BOOL as ON/OFF, NULL as empty. */
    static String forShow(Object value) {
        if (value instanceof Boolean b) {
            return b ? "ON" : "OFF";
        }
        return value == null ? "" : value.toString();
    }

    /** A value as MySQL quotes it inside 1231 ({@code NULL} for SQL NULL, at most 200 characters). */
    static String shown(Object value) {
        String text;
        if (value == null) {
            text = "NULL";
        } else if (value instanceof BigDecimal d) {
            text = d.toPlainString();
        } else {
            text = value.toString();
        }
        return text.length() > SHOWN_VALUE_CHARS ? text.substring(0, SHOWN_VALUE_CHARS) : text;
    }

    static SQLException wrongValue(VarDef def, Object value) {
        return MySqlError.ER_WRONG_VALUE_FOR_VAR.exception(def.name(), shown(value));
    }

    static SQLException wrongType(VarDef def) {
        return MySqlError.ER_WRONG_TYPE_FOR_VAR.exception(def.name());
    }

    private static long clamp(VarDef def, long value, boolean strictAll, List<Warning> warnings) throws SQLException {
        if (value >= def.min() && value <= def.max()) {
            return value;
        }
        if (strictAll) {
            throw wrongValue(def, value);
        }
        warnings.add(new Warning("Warning", MySqlError.ER_TRUNCATED_WRONG_VALUE.code(),
                MySqlError.ER_TRUNCATED_WRONG_VALUE.message(def.name(), Long.toString(value))));
        return value < def.min() ? def.min() : def.max();
    }

    /** ON/OFF/TRUE/FALSE (and, for option text, 1/0/YES/NO as my_getopt); null if none of them. */
    private static Boolean parseBoolWord(String word, boolean optionText) {
        String w = word.trim().toUpperCase(Locale.ROOT);
        switch (w) {
            case "ON", "TRUE":
                return true;
            case "OFF", "FALSE":
                return false;
            default:
                break;
        }
        if (optionText) {
            switch (w) {
                case "1", "YES", "":
                    return true;
                case "0", "NO":
                    return false;
                default:
                    break;
            }
        }
        return null;
    }

    private static String enumWord(VarDef def, String input) {
        for (String word : def.values()) {
            if (word.equalsIgnoreCase(input)) {
                return word;
            }
        }
        return null;
    }

    private static String setWords(VarDef def, String input) throws SQLException {
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : input.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String word = enumWord(def, p);
            if (word == null) {
                throw wrongValue(def, p);
            }
            chosen.add(word);
        }
        List<String> ordered = new ArrayList<>();
        for (String word : def.values()) {
            if (chosen.contains(word)) {
                ordered.add(word);
            }
        }
        return String.join(",", ordered);
    }

    /** my_getopt's numbers: optional K/M/G suffix (1024-based). */
    private static long parseNumberWithSuffix(String text) {
        String t = text.trim();
        long factor = 1;
        char last = t.isEmpty() ? ' ' : Character.toUpperCase(t.charAt(t.length() - 1));
        switch (last) {
            case 'K' -> factor = 1024L;
            case 'M' -> factor = 1024L * 1024;
            case 'G' -> factor = 1024L * 1024 * 1024;
            default -> {
            }
        }
        if (factor != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(t), factor);
    }
}
