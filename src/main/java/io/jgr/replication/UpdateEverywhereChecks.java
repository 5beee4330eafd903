package io.jgr.replication;

import io.jgr.sql.error.MySqlError;
import io.jgr.store.capture.RowChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * group_replication_enforce_update_everywhere_checks in multi-primary mode: MySQL refuses writes
 * to tables with cascading foreign keys, whose effects certification cannot see whole.
 * (The isolation rule — no SERIALIZABLE — is checked the same way.)
 */
final class UpdateEverywhereChecks {
    private UpdateEverywhereChecks() {
    }

    static void check(Connection conn, TableKeysCache keys, List<RowChange> rows) throws SQLException {
        if (conn.getTransactionIsolation() == Connection.TRANSACTION_SERIALIZABLE) {
            throw MySqlError.ER_BEFORE_DML_VALIDATION_ERROR.exception();
        }
        for (RowChange r : rows) {
            for (TableKeys.ForeignKey fk : keys.get(conn, r.schema(), r.table()).foreignKeys()) {
                if (fk.cascades()) {
                    throw MySqlError.ER_BEFORE_DML_VALIDATION_ERROR.exception();
                }
            }
        }
    }
}
