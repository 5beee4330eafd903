package io.jgr.sql.protocol;

import io.jgr.sql.auth.PasswordHashes;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import io.jgr.sql.engine.SqlEngine;
import io.jgr.sql.engine.TlsRequirement;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted, test-only engine: the protocol is the unit under test, so this answers exactly what
 * the real clients send on connect plus a few fixed tables, with MySQL's errors. Accounts:
 * root/rootpw (caching_sha2), native/nativepw (mysql_native_password), ssluser/sslpw (REQUIRE SSL),
 * x509user/x509pw (REQUIRE X509), locked/lockedpw (locked), nopw (no password).
 */
final class ScriptedSqlEngine implements SqlEngine {
    final Map<String, Account> accounts = new ConcurrentHashMap<>();
    final Map<String, String> globals = new ConcurrentHashMap<>();
    final ScriptedTables tables = new ScriptedTables();
    final List<ConnectionInfo> opened = new CopyOnWriteArrayList<>();
    /** {@code DO SLOW()} counts this down when it starts, then waits for {@link #slowRelease}. */
    final java.util.concurrent.CountDownLatch slowStarted = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch slowRelease = new java.util.concurrent.CountDownLatch(1);
    /** How long a session's close takes (a rollback on a loaded store), and how many closes have finished. */
    volatile long sessionCloseMillis;
    final java.util.concurrent.atomic.AtomicInteger sessionsClosed = new java.util.concurrent.atomic.AtomicInteger();

    ScriptedSqlEngine() {
        account("root", "rootpw", "caching_sha2_password", TlsRequirement.NONE, false);
        account("native", "nativepw", "mysql_native_password", TlsRequirement.NONE, false);
        account("ssluser", "sslpw", "caching_sha2_password", TlsRequirement.SSL, false);
        account("x509user", "x509pw", "caching_sha2_password", TlsRequirement.X509, false);
        account("locked", "lockedpw", "caching_sha2_password", TlsRequirement.NONE, true);
        account("nopw", "", "caching_sha2_password", TlsRequirement.NONE, false);
        globals.putAll(Map.ofEntries(
                Map.entry("version", "8.0.36-jgr"),
                Map.entry("version_comment", "jgr test engine"),
                Map.entry("auto_increment_increment", "1"),
                Map.entry("character_set_client", "utf8mb4"),
                Map.entry("character_set_connection", "utf8mb4"),
                Map.entry("character_set_results", "utf8mb4"),
                Map.entry("character_set_server", "utf8mb4"),
                Map.entry("character_set_database", "utf8mb4"),
                Map.entry("collation_server", "utf8mb4_0900_ai_ci"),
                Map.entry("collation_connection", "utf8mb4_0900_ai_ci"),
                Map.entry("init_connect", ""),
                Map.entry("interactive_timeout", "28800"),
                Map.entry("license", "GPL"),
                Map.entry("lower_case_table_names", "0"),
                Map.entry("max_allowed_packet", "67108864"),
                Map.entry("net_write_timeout", "60"),
                Map.entry("performance_schema", "0"),
                Map.entry("sql_mode", "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"),
                Map.entry("system_time_zone", "UTC"),
                Map.entry("time_zone", "SYSTEM"),
                Map.entry("transaction_isolation", "READ-COMMITTED"),
                Map.entry("transaction_read_only", "0"),
                Map.entry("wait_timeout", "28800"),
                Map.entry("max_connections", "151"),
                Map.entry("require_secure_transport", "OFF")));
    }

    void account(String user, String password, String plugin, TlsRequirement tls, boolean locked) {
        accounts.put(user, new Account(user, "%", plugin, PasswordHashes.nativeHash(password),
                PasswordHashes.sha2Hash(password), tls, locked));
    }

    @Override
    public Optional<Account> findAccount(String user, InetAddress client) {
        return Optional.ofNullable(accounts.get(user));
    }

    @Override
    public Session openSession(ConnectionInfo connection) throws java.sql.SQLException {
        ScriptedSession s = new ScriptedSession(this, connection);
        if (connection.schema() != null) {
            s.useSchema(connection.schema());
        }
        opened.add(connection);
        return s;
    }

    @Override
    public Optional<String> globalVariable(String name) {
        return Optional.ofNullable(globals.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public void close() {
    }

    static Column col(String table, String name, ColumnType type, int charset, long length, int flags, int decimals) {
        return new Column("test", table, table, name, name, charset, length, type, flags, decimals);
    }
}
