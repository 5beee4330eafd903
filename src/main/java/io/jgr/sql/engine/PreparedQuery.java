package io.jgr.sql.engine;

import java.sql.SQLException;
import java.util.List;

/** A server-side prepared statement (COM_STMT_PREPARE / EXECUTE / RESET / CLOSE). */
public interface PreparedQuery extends AutoCloseable {

    /** One entry per {@code ?}; types may be approximate (MySQL reports VAR_STRING when unknown). */
    List<Column> parameters();

    /** The result columns, or an empty list if the statement returns no rows. */
    List<Column> columns();

    /**
     * Runs the statement. Parameter values are null or of the Java classes {@link Result.Rows}
     * lists, as the client sent them (the protocol decodes the binary encoding).
     */
    Result execute(List<Object> parameters) throws SQLException;

    @Override
    void close();
}
