package io.jgr.server;

import io.jgr.perimeter.allowlist.AllowlistVariables;
import io.jgr.perimeter.tls.ClientPortTls;
import io.jgr.perimeter.tls.TlsConfigException;
import io.jgr.server.config.GroupReplicationVariableCatalog;
import io.jgr.server.config.ServerConfig;
import io.jgr.server.config.SystemVariables;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.ErrorLogFile;
import io.jgr.server.log.GeneralLog;
import io.jgr.server.log.LogLevel;
import io.jgr.sql.protocol.ClientTls;
import io.jgr.sql.protocol.MySqlServer;
import io.jgr.store.H2Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLSocket;

/**
 * One jgr member as a server process: the composition root. In order: error log, datadir and the
 * SQL engine (root account on first start), client TLS, general log, the SQL port, then the
 * {@link MemberPlugin}s (Group Replication); {@link #close()} undoes it in reverse. Everything the
 * member does is in the components; this class only wires them and writes MySQL's start-up and
 * shutdown lines.
 */
public final class MemberServer implements AutoCloseable {
    /** The [jgr] option that sets root's password on first start (ignored later). */
    public static final String ROOT_PASSWORD_OPTION = "jgr_root_password";
    /** Seconds the JDK caches DNS answers, lowered so that allowlist host entries follow DNS (docs/allowlist.md). */
    static final String DNS_CACHE_TTL = "5";
    static final String PROGRAM = "jgr server";

    private final ServerConfig config;
    private final Optional<ErrorLogFile> errorLog;
    private final H2Engine engine;
    private final GeneralLog generalLog;
    private final ClientPortTls clientTls;
    private final MySqlServer sqlServer;
    private final List<MemberPlugin> started = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<io.jgr.perimeter.tls.GroupTls> groupTls =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Path pidFile;
    private boolean closed;

    private MemberServer(ServerConfig config, Optional<ErrorLogFile> errorLog, H2Engine engine, GeneralLog generalLog,
            ClientPortTls clientTls, MySqlServer sqlServer, Path pidFile) {
        this.config = config;
        this.errorLog = errorLog;
        this.engine = engine;
        this.generalLog = generalLog;
        this.clientTls = clientTls;
        this.sqlServer = sqlServer;
        this.pidFile = pidFile;
    }

    /** Option names (not variables) the member reads from {@code [jgr]}/{@code [mysqld]}. */
    public static List<String> componentOptions() {
        return List.of(ROOT_PASSWORD_OPTION);
    }

    /**
     * Starts the member. A generated root password (first start without {@value #ROOT_PASSWORD_OPTION})
     * is printed once to {@code terminal}, never to a log.
     *
     * @throws StartException after writing MySQL's error and "Aborting" lines; everything opened is closed
     */
    public static MemberServer start(ServerConfig config, List<MemberPlugin> plugins, PrintStream terminal)
            throws StartException {
        lowerDnsCache();
        SystemVariables vars = config.variables();
        String version = vars.globalText("version");
        Optional<ErrorLogFile> errorLog = config.openErrorLog();
        ErrorLog.write(LogLevel.SYSTEM, "MY-010116", "Server",
                PROGRAM + " (mysqld " + version + ") starting as process " + ProcessHandle.current().pid());
        H2Engine engine = null;
        GeneralLog generalLog = null;
        MySqlServer sql = null;
        try {
            GroupReplicationVariableCatalog.plugAllowlistCheck(vars,
                    (def, v) -> AllowlistVariables.checkSet(def.name(), (String) v));
            boolean firstStart = !Files.exists(config.datadir().resolve("jgr.mv.db"));
            if (firstStart) {
                ErrorLog.write(LogLevel.SYSTEM, "MY-013169", "Server",
                        PROGRAM + " (mysqld " + version + ") initializing of server in progress as process "
                                + ProcessHandle.current().pid());
            }
            H2Engine.Options options = H2Engine.Options.defaults()
                    .withRootPassword(config.option(ROOT_PASSWORD_OPTION).filter(p -> !p.isEmpty()).orElse(null));
            engine = H2Engine.open(config.datadir(), vars, options);
            Optional<String> generated = engine.takeGeneratedRootPassword();
            if (generated.isPresent()) {
                // MySQL writes this line to the error log; jgr keeps secrets out of logs (COMMON rules).
                terminal.println("A temporary password is generated for root@localhost: " + generated.get());
                terminal.flush();
            }
            if (firstStart) {
                ErrorLog.write(LogLevel.SYSTEM, "MY-013170", "Server",
                        PROGRAM + " (mysqld " + version + ") initializing of server has completed");
            }
            ClientPortTls tls = ClientPortTls.load(TlsOptionValues.current(vars));
            if (tls.available()) {
                ErrorLog.write(LogLevel.SYSTEM, "MY-013602", "Server",
                        "Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.");
            }
            generalLog = config.openGeneralLog();
            sql = new MySqlServer(new GeneralLoggingEngine(engine, generalLog), clientTlsOf(tls));
            String bind = vars.globalText("bind_address");
            int port = ((Long) vars.globalValue("port")).intValue();
            sql.start(new InetSocketAddress(bind.equals("*") ? "0.0.0.0" : bind, port));
            Path pidFile = writePidFile(vars);
            MemberServer member = new MemberServer(config, errorLog, engine, generalLog, tls, sql, pidFile);
            engine.addStatementHandler(InstanceStatements.FIRST_WORDS, java.util.Set.of(),
                    new InstanceStatements(vars, tls, member.groupTls, member::shutdownBy));
            endOrdinaryConnectionsInOfflineMode(vars, engine, sql);
            // plugins first, as mysqld initialises them before it is ready: a client that connects once the line
            // is logged finds their statements (START GROUP_REPLICATION was a syntax error in that window)
            member.startPlugins(plugins);
            ErrorLog.write(LogLevel.SYSTEM, "MY-010931", "Server", PROGRAM + ": ready for connections. Version: '"
                    + version + "'  socket: ''  port: " + sql.port() + "  " + vars.globalText("version_comment") + ".");
            return member;
        } catch (SQLException | IOException | TlsConfigException | RuntimeException e) {
            ErrorLog.write(LogLevel.ERROR, "MY-010946", "Server", "Failed to start: " + reason(e));
            ErrorLog.write(LogLevel.ERROR, "MY-010119", "Server", "Aborting");
            if (sql != null) {
                sql.close();
            }
            if (generalLog != null) {
                generalLog.close();
            }
            if (engine != null) {
                engine.close();
            }
            ErrorLog.write(LogLevel.SYSTEM, "MY-010910", "Server",
                    PROGRAM + ": Shutdown complete (mysqld " + version + ")  " + vars.globalText("version_comment") + ".");
            errorLog.ifPresent(ErrorLogFile::close);
            throw new StartException(reason(e), e);
        }
    }

    /** Texts safe for the log: our exceptions carry MySQL's texts (file names, never contents). */
    private static String reason(Exception e) {
        if (e instanceof TlsConfigException t) {
            return String.join("; ", t.lines());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static ClientTls clientTlsOf(ClientPortTls tls) {
        // Always offered when material exists at start; a reload swaps the material underneath.
        if (!tls.available()) {
            return null;
        }
        return accepted -> {
            SSLSocket s = tls.upgrade(accepted, null);
            s.startHandshake();
            return s;
        };
    }

    private static void lowerDnsCache() {
        if (Security.getProperty("networkaddress.cache.ttl") == null) {
            Security.setProperty("networkaddress.cache.ttl", DNS_CACHE_TTL);
        }
        if (Security.getProperty("networkaddress.cache.negative.ttl") == null) {
            Security.setProperty("networkaddress.cache.negative.ttl", DNS_CACHE_TTL);
        }
    }

    /**
     * offline_mode ON (SET GLOBAL, or Group Replication's exit_state_action OFFLINE_MODE): as mysqld, the
     * connections of accounts without SUPER end at once; new ones are refused with 3032 by the engine.
     */
    private static void endOrdinaryConnectionsInOfflineMode(SystemVariables vars, H2Engine engine, MySqlServer sql) {
        vars.addListener("offline_mode", (def, old, now) -> {
            if (SystemVariables.isOn(now)) {
                engine.ordinaryConnections().forEach(sql.connections()::kill);
            }
        });
    }

    private static Path writePidFile(SystemVariables vars) throws IOException {
        Path pid = Path.of(vars.globalText("pid_file"));
        Files.writeString(pid, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        return pid;
    }

    private void startPlugins(List<MemberPlugin> plugins) {
        MemberContext context = new MemberContext(config, engine, sqlServer, clientTls, groupTls, () -> {
            Thread t = new Thread(() -> shutdownBy("<via user signal>"), "jgr-plugin-abort");
            t.start(); // not on the caller's thread: the shutdown stops the plugin that asked for it
        });
        for (MemberPlugin p : plugins) {
            started.add(p);
            try {
                p.start(context);
            } catch (Exception e) {
                ErrorLog.write(LogLevel.ERROR, "MY-010202", "Server",
                        "Plugin '" + p.name() + "' init function returned error.");
            }
        }
    }

    public ServerConfig config() {
        return config;
    }

    public H2Engine engine() {
        return engine;
    }

    /** The SQL port actually bound. */
    public int port() {
        return sqlServer.port();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Orderly shutdown as on SIGTERM. */
    @Override
    public void close() {
        shutdownBy("<via user signal>");
    }

    /** Orderly shutdown: plugins, SQL port (sessions roll back), general log, engine, error log. */
    void shutdownBy(String user) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        String version = config.variables().globalText("version");
        try {
            ErrorLog.write(LogLevel.SYSTEM, "MY-013172", "Server",
                    "Received SHUTDOWN from user " + user + ". Shutting down mysqld (Version: " + version + ").");
            for (int i = started.size() - 1; i >= 0; i--) {
                MemberPlugin p = started.get(i);
                try {
                    p.stop();
                } catch (RuntimeException e) {
                    ErrorLog.write(LogLevel.WARNING, "MY-010202", "Server", "Plugin '" + p.name() + "' failed to stop.");
                }
            }
            sqlServer.close();
            generalLog.close();
            engine.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // the next start overwrites it
            }
            ErrorLog.write(LogLevel.SYSTEM, "MY-010910", "Server", PROGRAM + ": Shutdown complete (mysqld " + version
                    + ")  " + config.variables().globalText("version_comment") + ".");
            errorLog.ifPresent(ErrorLogFile::close);
        } finally {
            stopped.countDown();
        }
    }

    /** The member could not start; the reason is already in the error log. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
