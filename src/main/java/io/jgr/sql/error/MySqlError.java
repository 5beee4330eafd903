package io.jgr.sql.error;

import java.sql.SQLException;
import java.util.Locale;

/**
 * MySQL's errors, each with its number, SQLSTATE and text, in one place. Texts are MySQL's, with
 * {@code %s} where MySQL inserts a value. Add a constant here rather than spelling an error
 * anywhere else.
 */
public enum MySqlError {
    ER_CON_COUNT_ERROR(1040, "08004", "Too many connections"),
    ER_HANDSHAKE_ERROR(1043, "08S01", "Bad handshake"),
    ER_ACCESS_DENIED_ERROR(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
    ER_UNKNOWN_COM_ERROR(1047, "08S01", "Unknown command"),
    ER_BAD_DB_ERROR(1049, "42000", "Unknown database '%s'"),
    ER_BAD_FIELD_ERROR(1054, "42S22", "Unknown column '%s' in '%s'"),
    ER_DUP_ENTRY(1062, "23000", "Duplicate entry '%s' for key '%s'"),
    ER_PARSE_ERROR(1064, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '%s' at line %s"),
    ER_UNKNOWN_ERROR(1105, "HY000", "Unknown error"),
    ER_UNKNOWN_CHARACTER_SET(1115, "42000", "Unknown character set: '%s'"),
    ER_NO_SUCH_TABLE(1146, "42S02", "Table '%s' doesn't exist"),
    ER_NET_PACKET_TOO_LARGE(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"),
    ER_NET_PACKETS_OUT_OF_ORDER(1156, "08S01", "Got packets out of order"),
    ER_UNKNOWN_SYSTEM_VARIABLE(1193, "HY000", "Unknown system variable '%s'"),
    ER_WRONG_ARGUMENTS(1210, "HY000", "Incorrect arguments to %s"),
    ER_SPECIFIC_ACCESS_DENIED_ERROR(1227, "42000", "Access denied; you need (at least one of) the %s privilege(s) for this operation"),
    ER_LOCAL_VARIABLE(1228, "HY000", "Variable '%s' is a SESSION variable and can't be used with SET GLOBAL"),
    ER_GLOBAL_VARIABLE(1229, "HY000", "Variable '%s' is a GLOBAL variable and should be set with SET GLOBAL"),
    ER_WRONG_VALUE_FOR_VAR(1231, "42000", "Variable '%s' can't be set to the value of '%s'"),
    ER_WRONG_TYPE_FOR_VAR(1232, "42000", "Incorrect argument type to variable '%s'"),
    ER_INCORRECT_GLOBAL_LOCAL_VAR(1238, "HY000", "Variable '%s' is a %s variable"),
    ER_UNKNOWN_STMT_HANDLER(1243, "HY000", "Unknown prepared statement handler (%s) given to %s"),
    ER_NOT_SUPPORTED_AUTH_MODE(1251, "08004", "Client does not support authentication protocol requested by server; consider upgrading MySQL client"),
    ER_UNKNOWN_COLLATION(1273, "HY000", "Unknown collation: '%s'"),
    ER_WARN_DEPRECATED_SYNTAX(1287, "HY000", "'%s' is deprecated and will be removed in a future release. Please use %s instead"),
    ER_OPTION_PREVENTS_STATEMENT(1290, "HY000", "The MySQL server is running with the %s option so it cannot execute this statement"),
    ER_TRUNCATED_WRONG_VALUE(1292, "22007", "Truncated incorrect %s value: '%s'"),
    ER_UNKNOWN_TIME_ZONE(1298, "HY000", "Unknown or incorrect time zone: '%s'"),
    ER_MAX_PREPARED_STMT_COUNT_REACHED(1461, "42000", "Can't create more than max_prepared_stmt_count statements (current value: %s)"),
    ER_VARIABLE_IS_READONLY(1621, "HY000", "%s variable '%s' is read-only. Use SET %s to assign the value"),
    ER_WARN_DEPRECATED_SYNTAX_NO_REPLACEMENT(1681, "HY000", "'%s' is deprecated and will be removed in a future release."),
    ER_INSECURE_PLAIN_TEXT(1759, "HY000", "Sending passwords in plain text without SSL/TLS is extremely insecure."),
    ER_INSECURE_CHANGE_MASTER(1760, "HY000", "Storing MySQL user name or password information in the connection metadata repository is not secure and is therefore not recommended. Please consider using the USER and PASSWORD connection options for START REPLICA; see the 'START REPLICA Syntax' in the MySQL Manual for more information."),
    ER_MALFORMED_PACKET(1835, "HY000", "Malformed communication packet."),
    ER_GROUP_REPLICATION_CONFIGURATION(3092, "HY000", "The server is not configured properly to be an active member of the group. Please see more details on error log."),
    ER_GROUP_REPLICATION_RUNNING(3093, "HY000", "The %s cannot be set while Group Replication is running"),
    ER_GROUP_REPLICATION_COMMUNICATION_LAYER_SESSION_ERROR(3096, "HY000", "The START GROUP_REPLICATION command failed as there was an error when initializing the group communication layer."),
    ER_GROUP_REPLICATION_COMMUNICATION_LAYER_JOIN_ERROR(3097, "HY000", "The START GROUP_REPLICATION command failed as there was an error when joining the communication group."),
    ER_BEFORE_DML_VALIDATION_ERROR(3098, "HY000", "The table does not comply with the requirements by an external plugin."),
    ER_TRANSACTION_ROLLBACK_DURING_COMMIT(3101, "HY000", "Plugin instructed the server to rollback the current transaction."),
    ER_ACCOUNT_HAS_BEEN_LOCKED(3118, "HY000", "Access denied for user '%s'@'%s'. Account is locked."),
    ER_REPLICA_CHANNEL_OPERATION_NOT_ALLOWED(3139, "HY000", "CHANGE MASTER with the given parameters cannot be performed on channel '%s'."),
    ER_SECURE_TRANSPORT_REQUIRED(3159, "HY000", "Connections using insecure transport are prohibited while --require_secure_transport=ON."),
    ER_VAR_DOES_NOT_EXIST(3615, "HY000", "Variable %s does not exist in persisted config file"),
    ER_DA_SSL_LIBRARY_ERROR(3888, "HY000", "Failed to set up SSL because of the following SSL library error: %s"),
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
