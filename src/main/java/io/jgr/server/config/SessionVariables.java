package io.jgr.server.config;

import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.List;
import java.util.SortedMap;

/** One session's view of the system variables, for SET, {@code @@name} and SHOW VARIABLES. */
public interface SessionVariables {

    /** Where a SET or an {@code @@} reference points. {@code DEFAULT} is {@code @@name}/{@code SET name}: session if the variable has one, else global. */
    enum Scope { DEFAULT, SESSION, GLOBAL, PERSIST, PERSIST_ONLY }

    /**
     * An {@code @@} reference, the lexer's text after {@code @@}: {@code x}, {@code global.x},
     * {@code session.x}, {@code local.x}, {@code persist.x} or {@code persist_only.x}. The one
     * parser for SET and for reads; the name is lower-cased, as the catalog keys are.
     */
    record Reference(String name, Scope scope) {
        /** {@code scope} is null when the prefix names no scope: SET and reads refuse that differently. */
        public static Reference parse(String text) {
            int dot = text.indexOf('.');
            String name = text.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
            if (dot <= 0) {
                return new Reference(name, Scope.DEFAULT);
            }
            Scope scope = switch (text.substring(0, dot).toLowerCase(java.util.Locale.ROOT)) {
                case "global" -> Scope.GLOBAL;
                case "session", "local" -> Scope.SESSION;
                case "persist" -> Scope.PERSIST;
                case "persist_only" -> Scope.PERSIST_ONLY;
                default -> null;
            };
            return new Reference(name, scope);
        }

        /** A read ({@code SELECT @@x}): DEFAULT, SESSION or GLOBAL; 1193 naming the whole reference otherwise. */
        public static Reference forRead(String text) throws SQLException {
            Reference ref = parse(text);
            if (ref.scope == Scope.DEFAULT || ref.scope == Scope.SESSION || ref.scope == Scope.GLOBAL) {
                return ref;
            }
            throw MySqlError.ER_UNKNOWN_SYSTEM_VARIABLE.exception(text.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** {@code SELECT @@x}: the value of the reference {@code text} (the lexer's text after {@code @@}). */
    default Object read(String text) throws SQLException {
        Reference ref = Reference.forRead(text);
        return get(ref.name(), ref.scope());
    }

    /** The value written as {@code SET x = DEFAULT}. */
    Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    /** The value of {@code @@[scope.]name}: Long, BigDecimal, Double, String or null; 1193 if unknown, 1238 for a wrong scope. */
    Object get(String name, Scope scope) throws SQLException;

    /**
     * SET: {@code value} is null (SQL NULL), {@link #DEFAULT}, a Long, BigDecimal, Double or
     * String (an unquoted word such as {@code ON} arrives as a String). Validates with MySQL's
     * errors (1231, 1232, 1228, 1229, 1238, 3092, ...) and changes nothing on error. Returns the
     * warnings the statement raised (e.g. 1287 for a deprecated variable). Privileges are checked
     * by the caller before this is called.
     */
    List<Warning> set(String name, Scope scope, Object value) throws SQLException;

    /** SHOW [GLOBAL|SESSION] VARIABLES: name to displayed value, sorted by name. */
    SortedMap<String, String> show(Scope scope);
}
