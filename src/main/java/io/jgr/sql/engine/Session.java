package io.jgr.sql.engine;

import java.sql.SQLException;
import java.util.List;

/**
 * One client connection's SQL session: current schema, autocommit, open transaction, session
 * variables, prepared statements. Used by one thread at a time.
 */
public interface Session extends AutoCloseable {

    /** COM_QUERY: runs one statement. */
    Result execute(String sql) throws SQLException;

    /** COM_STMT_PREPARE: prepares one statement with {@code ?} placeholders. */
    PreparedQuery prepare(String sql) throws SQLException;

    /** COM_INIT_DB / USE: error 1049 for an unknown database. */
    void useSchema(String schema) throws SQLException;

    /** COM_FIELD_LIST: the columns of a table of the current schema (1146 if it does not exist). */
    List<Column> fieldList(String table) throws SQLException;

    /** COM_RESET_CONNECTION: rolls back, drops prepared statements, resets session variables. */
    void reset() throws SQLException;

    /** The schema USE selected, or null. */
    String currentSchema();

    boolean autocommit();

    boolean inTransaction();

    /** The warnings (and notes) of the last statement, as SHOW WARNINGS lists them. */
    List<Warning> warnings();

    /** Ends the session; an open transaction is rolled back. */
    @Override
    void close();
}
