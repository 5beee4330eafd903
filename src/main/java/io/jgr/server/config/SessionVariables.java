package io.jgr.server.config;

import io.jgr.sql.engine.Warning;
import java.sql.SQLException;
import java.util.List;
import java.util.SortedMap;

/** One session's view of the system variables, for SET, {@code @@name} and SHOW VARIABLES. */
public interface SessionVariables {

    /** Where a SET or an {@code @@} reference points. {@code DEFAULT} is {@code @@name}/{@code SET name}: session if the variable has one, else global. */
    enum Scope { DEFAULT, SESSION, GLOBAL, PERSIST, PERSIST_ONLY }

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
