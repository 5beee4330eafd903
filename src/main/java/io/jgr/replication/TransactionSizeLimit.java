package io.jgr.replication;

import io.jgr.server.config.SystemVariables;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;

/**
 * {@code group_replication_transaction_size_limit}: a row transaction whose message is larger than the limit is
 * rolled back before it is sent, as MySQL's before_commit hook does (a message that big would take the group
 * longer to move than its failure detection allows, and sits whole in every member's log). The size is the
 * encoded message, jgr's analogue of MySQL's binary log cache; DDL is not limited (MySQL checks DML only). 0
 * turns the check off.
 */
final class TransactionSizeLimit {
    static final String VARIABLE = "group_replication_transaction_size_limit";
    /** MySQL's text (ER_GRP_RPL_TRANS_SIZE_EXCEEDS_LIMIT); its MY- number was not found in any log excerpt. */
    static final String CODE = "MY-010000";

    private TransactionSizeLimit() {
    }

    /** Refuses with MySQL's 3100 and logs MySQL's line when {@code size} bytes exceed the limit. */
    static void check(SystemVariables vars, long connectionId, long size) throws SQLException {
        long limit = ((Number) vars.globalValue(VARIABLE)).longValue();
        if (limit > 0 && size > limit) {
            ErrorLog.groupReplication(LogLevel.ERROR, CODE, "Error on session " + connectionId + ". Transaction of size "
                    + size + " exceeds specified limit " + limit
                    + ". To increase the limit please adjust group_replication_transaction_size_limit option.");
            throw MySqlError.ER_RUN_HOOK_ERROR.exception("before_commit");
        }
    }
}
