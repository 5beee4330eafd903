package io.jgr.sql.error;

import java.sql.SQLException;
import java.util.Locale;

/**
 * MySQL's errors, each with its number, SQLSTATE and text, in one place. Texts are MySQL's, with
 * {@code %s} where MySQL inserts a value. Add a constant here rather than spelling an error
 * anywhere else.
 */
public enum MySqlError {
    ER_DB_CREATE_EXISTS(1007, "HY000", "Can't create database '%s'; database exists"),
    ER_DB_DROP_EXISTS(1008, "HY000", "Can't drop database '%s'; database doesn't exist"),
    ER_CON_COUNT_ERROR(1040, "08004", "Too many connections"),
    ER_HANDSHAKE_ERROR(1043, "08S01", "Bad handshake"),
    ER_DBACCESS_DENIED_ERROR(1044, "42000", "Access denied for user '%s'@'%s' to database '%s'"),
    ER_ACCESS_DENIED_ERROR(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
    ER_NO_DB_ERROR(1046, "3D000", "No database selected"),
    ER_UNKNOWN_COM_ERROR(1047, "08S01", "Unknown command"),
    ER_BAD_NULL_ERROR(1048, "23000", "Column '%s' cannot be null"),
    ER_BAD_DB_ERROR(1049, "42000", "Unknown database '%s'"),
    ER_TABLE_EXISTS_ERROR(1050, "42S01", "Table '%s' already exists"),
    ER_BAD_TABLE_ERROR(1051, "42S02", "Unknown table '%s'"),
    ER_NON_UNIQ_ERROR(1052, "23000", "Column '%s' in %s is ambiguous"),
    ER_SERVER_SHUTDOWN(1053, "08S01", "Server shutdown in progress"),
    ER_BAD_FIELD_ERROR(1054, "42S22", "Unknown column '%s' in '%s'"),
    ER_DUP_FIELDNAME(1060, "42S21", "Duplicate column name '%s'"),
    ER_DUP_KEYNAME(1061, "42000", "Duplicate key name '%s'"),
    ER_DUP_ENTRY(1062, "23000", "Duplicate entry '%s' for key '%s'"),
    ER_PARSE_ERROR(1064, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '%s' at line %s"),
    ER_EMPTY_QUERY(1065, "42000", "Query was empty"),
    ER_KEY_COLUMN_DOES_NOT_EXITS(1072, "42000", "Key column '%s' doesn't exist in table"),
    ER_CANT_DROP_FIELD_OR_KEY(1091, "42000", "Can't DROP '%s'; check that column/key exists"),
    ER_UNKNOWN_ERROR(1105, "HY000", "Unknown error"),
    ER_UNKNOWN_CHARACTER_SET(1115, "42000", "Unknown character set: '%s'"),
    ER_CANT_INITIALIZE_UDF(1123, "HY000", "Can't initialize function '%s'; %s"),
    ER_WRONG_VALUE_COUNT_ON_ROW(1136, "21S01", "Column count doesn't match value count at row %s"),
    ER_NONEXISTING_GRANT(1141, "42000", "There is no such grant defined for user '%s' on host '%s'"),
    ER_TABLEACCESS_DENIED_ERROR(1142, "42000", "%s command denied to user '%s'@'%s' for table '%s'"),
    ER_NO_SUCH_TABLE(1146, "42S02", "Table '%s' doesn't exist"),
    ER_NET_PACKET_TOO_LARGE(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"),
    ER_NET_PACKETS_OUT_OF_ORDER(1156, "08S01", "Got packets out of order"),
    ER_UNKNOWN_SYSTEM_VARIABLE(1193, "HY000", "Unknown system variable '%s'"),
    ER_LOCK_WAIT_TIMEOUT(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction"),
    ER_WRONG_ARGUMENTS(1210, "HY000", "Incorrect arguments to %s"),
    ER_LOCK_DEADLOCK(1213, "40001", "Deadlock found when trying to get lock; try restarting transaction"),
    ER_WRONG_USAGE(1221, "HY000", "Incorrect usage of %s and %s"),
    ER_SPECIFIC_ACCESS_DENIED_ERROR(1227, "42000", "Access denied; you need (at least one of) the %s privilege(s) for this operation"),
    ER_LOCAL_VARIABLE(1228, "HY000", "Variable '%s' is a SESSION variable and can't be used with SET GLOBAL"),
    ER_GLOBAL_VARIABLE(1229, "HY000", "Variable '%s' is a GLOBAL variable and should be set with SET GLOBAL"),
    ER_WRONG_VALUE_FOR_VAR(1231, "42000", "Variable '%s' can't be set to the value of '%s'"),
    ER_WRONG_TYPE_FOR_VAR(1232, "42000", "Incorrect argument type to variable '%s'"),
    ER_NOT_SUPPORTED_YET(1235, "42000", "This version of MySQL doesn't yet support '%s'"),
    ER_INCORRECT_GLOBAL_LOCAL_VAR(1238, "HY000", "Variable '%s' is a %s variable"),
    ER_UNKNOWN_STMT_HANDLER(1243, "HY000", "Unknown prepared statement handler (%s) given to %s"),
    ER_NOT_SUPPORTED_AUTH_MODE(1251, "08004", "Client does not support authentication protocol requested by server; consider upgrading MySQL client"),
    ER_WARN_DATA_OUT_OF_RANGE(1264, "22003", "Out of range value for column '%s' at row %s"),
    WARN_DATA_TRUNCATED(1265, "01000", "Data truncated for column '%s' at row %s"),
    ER_UNKNOWN_COLLATION(1273, "HY000", "Unknown collation: '%s'"),
    ER_WARN_DEPRECATED_SYNTAX(1287, "HY000", "'%s' is deprecated and will be removed in a future release. Please use %s instead"),
    ER_OPTION_PREVENTS_STATEMENT(1290, "HY000", "The MySQL server is running with the %s option so it cannot execute this statement"),
    ER_TRUNCATED_WRONG_VALUE(1292, "22007", "Truncated incorrect %s value: '%s'"),
    ER_UNKNOWN_TIME_ZONE(1298, "HY000", "Unknown or incorrect time zone: '%s'"),
    ER_SP_DOES_NOT_EXIST(1305, "42000", "%s %s does not exist"),
    ER_NO_DEFAULT_FOR_FIELD(1364, "HY000", "Field '%s' doesn't have a default value"),
    ER_DIVISION_BY_ZERO(1365, "22012", "Division by 0"),
    ER_TRUNCATED_WRONG_VALUE_FOR_FIELD(1366, "HY000", "Incorrect %s value: '%s' for column '%s' at row %s"),
    ER_UNKNOWN_TARGET_BINLOG(1373, "HY000", "Target log not found in binlog index"),
    ER_CANNOT_USER(1396, "HY000", "Operation %s failed for %s"),
    ER_DATA_TOO_LONG(1406, "22001", "Data too long for column '%s' at row %s"),
    ER_CANT_CREATE_USER_WITH_GRANT(1410, "42000", "You are not allowed to create a user with GRANT"),
    ER_ROW_IS_REFERENCED_2(1451, "23000", "Cannot delete or update a parent row: a foreign key constraint fails (%s)"),
    ER_NO_REFERENCED_ROW_2(1452, "23000", "Cannot add or update a child row: a foreign key constraint fails (%s)"),
    ER_MAX_PREPARED_STMT_COUNT_REACHED(1461, "42000", "Can't create more than max_prepared_stmt_count statements (current value: %s)"),
    ER_PLUGIN_IS_NOT_LOADED(1524, "HY000", "Plugin '%s' is not loaded"),
    ER_CANT_CHANGE_TX_CHARACTERISTICS(1568, "25001", "Transaction characteristics can't be changed while a transaction is in progress"),
    ER_VARIABLE_IS_READONLY(1621, "HY000", "%s variable '%s' is read-only. Use SET %s to assign the value"),
    ER_WARN_DEPRECATED_SYNTAX_NO_REPLACEMENT(1681, "HY000", "'%s' is deprecated and will be removed in a future release."),
    ER_TRUNCATE_ILLEGAL_FK(1701, "42000", "Cannot truncate a table referenced in a foreign key constraint (%s)"),
    ER_INSECURE_PLAIN_TEXT(1759, "HY000", "Sending passwords in plain text without SSL/TLS is extremely insecure."),
    ER_INSECURE_CHANGE_MASTER(1760, "HY000", "Storing MySQL user name or password information in the connection metadata repository is not secure and is therefore not recommended. Please consider using the USER and PASSWORD connection options for START REPLICA; see the 'START REPLICA Syntax' in the MySQL Manual for more information."),
    /** The text is MySQL 8.0.26+'s (source/replica wording) as remembered. */
    ER_SOURCE_HAS_PURGED_REQUIRED_GTIDS(1789, "HY000", "Cannot replicate because the source purged required binary logs. Replicate the missing transactions from elsewhere, or provision a new replica from backup. Consider increasing the source's binary log expiration period. The GTID set sent by the replica is '%s', and the missing transactions are '%s'"),
    ER_MALFORMED_GTID_SET_SPECIFICATION(1772, "HY000", "Malformed GTID set specification '%s'."),
    ER_MALFORMED_PACKET(1835, "HY000", "Malformed communication packet."),
    ER_REPLICA_CHANNEL_DOES_NOT_EXIST(3074, "HY000", "Replication channel '%s' does not exist."),
    ER_GROUP_REPLICATION_CONFIGURATION(3092, "HY000", "The server is not configured properly to be an active member of the group. Please see more details on error log."),
    ER_SERVER_OFFLINE_MODE(3032, "HY000", "The server is currently in offline mode"),
    ER_GROUP_REPLICATION_RUNNING(3093, "HY000", "The %s cannot be set while Group Replication is running"),
    ER_GROUP_REPLICATION_COMMUNICATION_LAYER_SESSION_ERROR(3096, "HY000", "The START GROUP_REPLICATION command failed as there was an error when initializing the group communication layer."),
    ER_GROUP_REPLICATION_COMMUNICATION_LAYER_JOIN_ERROR(3097, "HY000", "The START GROUP_REPLICATION command failed as there was an error when joining the communication group."),
    ER_BEFORE_DML_VALIDATION_ERROR(3098, "HY000", "The table does not comply with the requirements by an external plugin."),
    ER_RUN_HOOK_ERROR(3100, "HY000", "Error on observer while running replication hook '%s'."),
    ER_TRANSACTION_ROLLBACK_DURING_COMMIT(3101, "HY000", "Plugin instructed the server to rollback the current transaction."),
    /** A new primary's hold (BEFORE_ON_PRIMARY_FAILOVER, AFTER) outlasted wait_timeout (the text from memory). */
    ER_GR_HOLD_WAIT_TIMEOUT(3781, "HY000", "Timeout exceeded for held statement while new Group Replication primary member is applying backlog."),
    /** A held statement whose member stopped Group Replication (the text from memory). */
    ER_GR_HOLD_KILLED(3782, "HY000", "Held statement aborted because Group Replication plugin got shut down or thread was killed while new primary member was applying backlog."),
    /** A held statement whose member's applier failed (the text from memory). */
    ER_GR_HOLD_MEMBER_STATUS_ERROR(3783, "HY000", "Held statement was aborted due to member being in error state, while backlog is being applied during Group Replication primary election."),
    /** BEFORE, AFTER or BEFORE_AND_AFTER on a member that is not ONLINE (the text from memory). */
    ER_GRP_TRX_CONSISTENCY_NOT_ALLOWED(3796, "HY000", "The option group_replication_consistency cannot be used on the current member state."),
    /** group_replication_consistency BEFORE: the group's earlier transactions were not applied here within wait_timeout. */
    ER_GRP_TRX_CONSISTENCY_BEFORE(3797, "HY000", "Error while waiting for group transactions commit on group_replication_consistency= 'BEFORE'."),
    /** group_replication_consistency AFTER held a new transaction longer than wait_timeout (the text from memory). */
    ER_GRP_TRX_CONSISTENCY_AFTER_ON_TRX_BEGIN(3798, "HY000", "Error while waiting for transactions with group_replication_consistency= 'AFTER' to commit."),
    ER_ACCOUNT_HAS_BEEN_LOCKED(3118, "HY000", "Access denied for user '%s'@'%s'. Account is locked."),
    ER_REPLICA_CHANNEL_OPERATION_NOT_ALLOWED(3139, "HY000", "CHANGE MASTER with the given parameters cannot be performed on channel '%s'."),
    ER_SECURE_TRANSPORT_REQUIRED(3159, "HY000", "Connections using insecure transport are prohibited while --require_secure_transport=ON."),
    ER_USER_DOES_NOT_EXIST(3162, "HY000", "Authorization ID %s does not exist."),
    ER_USER_ALREADY_EXISTS(3163, "HY000", "Authorization ID %s already exists."),
    /** The text with its argument as MySQL's Gtid_state::add_lost_gtids gives it. */
    ER_CANT_SET_GTID_PURGED_DUE_SETS_CONSTRAINTS(3546, "HY000", "@@GLOBAL.GTID_PURGED cannot be changed: %s"),
    ER_VAR_DOES_NOT_EXIST(3615, "HY000", "Variable %s does not exist in persisted config file"),
    ER_ILLEGAL_PRIVILEGE_LEVEL(3619, "HY000", "Illegal privilege level specified for %s"),
    ER_UNABLE_TO_SET_OPTION(3724, "HY000", "This option cannot be set while START or STOP GROUP_REPLICATION is ongoing."),
    ER_CHECK_CONSTRAINT_VIOLATED(3819, "HY000", "Check constraint '%s' is violated."),
    ER_DA_SSL_LIBRARY_ERROR(3888, "HY000", "Failed to set up SSL because of the following SSL library error: %s"),
    ER_GRP_RPL_UDF_ERROR(3910, "HY000", "The function '%s' failed. %s"),
    ER_UPDATE_GTID_PURGED_WITH_GR(3911, "HY000", "Cannot update GTID_PURGED with the Group Replication plugin running"),
    ER_GROUP_REPLICATION_USER_EMPTY_MSG(3970, "HY000", "The START GROUP_REPLICATION command failed since the username provided for recovery channel is empty."),
    ER_GROUP_REPLICATION_USER_MANDATORY_MSG(3971, "HY000", "The START GROUP_REPLICATION command failed since the USER option was not provided with PASSWORD for recovery channel."),
    ER_GROUP_REPLICATION_PASSWORD_LENGTH(3972, "HY000", "The START GROUP_REPLICATION command failed since the password provided for the recovery channel exceeds the maximum length of 32 characters."),
    ER_CLIENT_INTERACTION_TIMEOUT(4031, "HY000", "The client was disconnected by the server because of inactivity. See wait_timeout and interactive_timeout for configuring this behavior.");

    /** The 3092 text for an allowlist that mixes AUTOMATIC with other values (variable name inserted). */
    public static final String ALLOWLIST_AUTOMATIC_MIXED =
            "The %s is invalid. Make sure that when specifying \"AUTOMATIC\" the list contains no other values.";

    private final int code;
    private final String sqlState;
    private final String format;

    MySqlError(int code, String sqlState, String format) {
        this.code = code;
        this.sqlState = sqlState;
        this.format = format;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    /** MySQL's text with the values filled in. */
    public String message(Object... args) {
        return args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    }

    /** The error as the exception the engine and protocol pass around. */
    public SQLException exception(Object... args) {
        return new SQLException(message(args), sqlState, code);
    }

    /** This error's number and SQLSTATE with a text of the caller's (e.g. the 3092 allowlist text). */
    public SQLException withText(String text) {
        return new SQLException(text, sqlState, code);
    }
}
