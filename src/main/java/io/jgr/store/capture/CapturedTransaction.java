package io.jgr.store.capture;

import java.util.List;

/**
 * What a transaction changed, handed to the {@link CommitHook} before H2 commits it: either row
 * changes, or one DDL statement (which H2 has already committed; DDL cannot be rolled back).
 *
 * @param ddl         the statement as the client wrote it, or null for a row transaction
 * @param ddlSchema   the current database when the DDL ran (null if none)
 * @param consistency the session's group_replication_consistency when it committed
 */
public record CapturedTransaction(long connectionId, List<RowChange> rows, String ddl, String ddlSchema, String consistency) {

    public CapturedTransaction(long connectionId, List<RowChange> rows, String ddl, String ddlSchema) {
        this(connectionId, rows, ddl, ddlSchema, "EVENTUAL");
    }

    public boolean isDdl() {
        return ddl != null;
    }
}
