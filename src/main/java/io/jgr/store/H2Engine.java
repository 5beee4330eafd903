package io.jgr.store;

import io.jgr.server.config.Variables;
import io.jgr.sql.auth.PasswordHashes;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import io.jgr.sql.engine.SqlEngine;
import io.jgr.sql.engine.TlsRequirement;
import io.jgr.sql.error.MySqlError;
import io.jgr.store.account.AccountStore;
import io.jgr.store.account.Privilege;
import io.jgr.store.capture.CaptureTrigger;
import io.jgr.store.capture.CommitHook;
import io.jgr.store.catalog.TypeCatalog;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SQL engine on embedded H2: one file database in the datadir, one H2 connection per
 * session, MySQL databases as H2 schemas, accounts and the type catalog in an internal schema.
 */
public final class H2Engine implements SqlEngine {

    /**
     * @param rootPassword root's password on first start, or null to generate one (see
     *                     {@link #takeGeneratedRootPassword()})
     * @param writeDelayMs H2's WRITE_DELAY: 0 writes every commit to the file before it returns,
     *                     so a killed process keeps every committed transaction
     */
    public record Options(String rootPassword, CommitHook commitHook, int writeDelayMs) {
        public static Options defaults() {
            return new Options(null, CommitHook.ACCEPT, 0);
        }

        public Options withRootPassword(String password) {
            return new Options(password, commitHook, writeDelayMs);
        }

        public Options withCommitHook(CommitHook hook) {
            return new Options(rootPassword, hook, writeDelayMs);
        }

        /** H2's WRITE_DELAY in ms: above 0 commits are much cheaper but a killed process loses the last ones. */
        public Options withWriteDelayMs(int ms) {
            return new Options(rootPassword, commitHook, ms);
        }
    }

    static {
        // H2's object cache hashes every string value bound or read (String.hashCode over the whole value) and
        // keeps the last 1,024 of them alive to share equal ones; for a member's row values that is CPU and
        // heap for nothing (recovery of 32 KiB rows: a quarter of the applying thread, and 32 MB of strings
        // the young collections copy; docs/recovery.md, "Session 11"). Read once, when H2 first needs it, so
        // set before the first connection; an explicit -Dh2.objectCache wins.
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
    }

    /** Schemas that are not MySQL databases of the user: never listed, never replicated. */
    static final Set<String> HIDDEN_SCHEMAS = Set.of(TypeCatalog.INTERNAL_SCHEMA, "public");

    /** The H2 database's path without H2's suffix (the file is {@code <database>.mv.db}). */
    private final Path database;
    private final String url;
    private final Connection admin;
    private final Variables variables;
    private final java.util.function.BooleanSupplier superReadOnly;
    private final java.util.function.BooleanSupplier readOnly;
    private final TypeCatalog catalog;
    private final AccountStore accounts;
    private final AtomicLong connectionIds = new AtomicLong();
    private final Set<H2Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> generatedRootPassword = new AtomicReference<>();
    private final long startedAt = System.nanoTime();
    private volatile CommitHook commitHook;
    private volatile io.jgr.store.capture.BeginHook beginHook = io.jgr.store.capture.BeginHook.NONE;
    /** The hook while no replicator has taken over (it counts the commits made outside a group). */
    private volatile CommitHook standaloneHook = CommitHook.ACCEPT;
    /**
     * Statements share it, DDL holds it alone: H2 rebuilds a table under ALTER (a concurrent
     * statement would find no table) and the capture triggers are replaced after it. A coarse
     * stand-in for MySQL's metadata locks, held per statement, not per transaction.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock ddlLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final RollbackGate rollbackGate = new RollbackGate();
    private final java.util.Map<String, List<StatementHandler>> handlersByWord = new ConcurrentHashMap<>();
    private final java.util.Map<String, List<StatementHandler>> handlersBySchema = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /**
     * Opening a session (read side) and {@link #close} (write side) exclude each other, so a session is
     * either refused or in the set that close empties: one opened alongside close would otherwise be
     * left open, on a database H2 reopens for it after SHUTDOWN.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock openLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Reclaims file space while commits go on (WRITE_DELAY=0 turns H2's own housekeeping off). */
    private final StoreHousekeeper housekeeper;
    /** The file of the transaction log's payloads in the datadir. */
    private static final String TRANSACTION_LOG_FILE = "jgr-txlog.000001";
    /** The transaction log's payloads, beside the H2 file (one per datadir, whatever replicators come and go). */
    private final TransactionLogFile transactionLogFile;

    private H2Engine(Path database, String url, Connection admin, Variables variables, Options options, TransactionLogFile logFile)
            throws SQLException {
        this.database = database;
        this.url = url;
        this.admin = admin;
        this.transactionLogFile = logFile;
        this.variables = variables;
        this.commitHook = options.commitHook() == null ? CommitHook.ACCEPT : options.commitHook();
        if (variables instanceof io.jgr.server.config.SystemVariables registry) {
            // read before every write statement: resolved once
            this.superReadOnly = registry.globalHandle("super_read_only")::isOn;
            this.readOnly = registry.globalHandle("read_only")::isOn;
            // H2's REPEATABLE READ aborts a writer whose row changed since its snapshot (40001 → 1213), where
            // InnoDB would update the latest version; READ COMMITTED behaves alike in both. So jgr runs
            // READ-COMMITTED unless the operator chose another level (which H2 then really runs).
            registry.setComputedDefault("transaction_isolation", "READ-COMMITTED");
        } else {
            this.superReadOnly = () -> globalTrue("super_read_only");
            this.readOnly = () -> globalTrue("read_only");
        }
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + TypeCatalog.INTERNAL_SCHEMA);
        }
        this.catalog = new TypeCatalog(admin);
        this.accounts = new AccountStore(admin);
        if (accounts.isEmpty()) {
            createRoot(options.rootPassword());
        }
        for (String schema : userSchemas(admin)) {
            ensureTriggers(admin, schema);
        }
        this.housekeeper = StoreHousekeeper.start(admin, logFile, "jgr-store-housekeeper");
    }

    private static void closeQuietly(TransactionLogFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (java.io.IOException ignored) {
                // failing to open anyway
            }
        }
    }

    /** Where the transaction log keeps its payloads (its index is a table of this database). */
    public TransactionLogFile transactionLogFile() {
        return transactionLogFile;
    }

    /**
     * Bulk loading (distributed recovery): {@code true} sends H2's chunk writes straight to the device
     * (O_DIRECT) instead of through new page-cache pages, until {@code false}; returns whether they now
     * bypass the cache (not where the file system refuses O_DIRECT, nor with
     * {@code -Djgr.store.directWrites=false}). Why: docs/transaction-log.md, "Direct writes".
     */
    public boolean directWrites(boolean on) {
        return (!on || DIRECT_WRITES_ALLOWED) && DirectWritesFilePath.directWrites(database, on);
    }

    /** Bytes of the database file written past the page cache so far (tests). */
    long directBytes() {
        return DirectWritesFilePath.directBytes(database);
    }

    /** Bytes H2 has written to the database file since it was opened, chunks and rewrites alike (tests). */
    long fileBytesWritten() throws SQLException {
        long[] written = {-1};
        mvStore().populateInfo((name, value) -> {
            if (name.equals("info.FILE_WRITE_BYTES")) {
                written[0] = Long.parseLong(value);
            }
        });
        return written[0];
    }

    /** A plain H2 connection to the embedded database, outside any session (tests). */
    Connection openH2Connection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** The embedded database's store (tests). */
    org.h2.mvstore.MVStore mvStore() throws SQLException {
        return GroupCommit.mvStore(admin);
    }

    /** -Djgr.store.directWrites=false keeps H2's file writes in the page cache (see {@link #directWrites}). */
    private static final boolean DIRECT_WRITES_ALLOWED = !"false".equals(System.getProperty("jgr.store.directWrites"));

    /** Opens (creating on first start) the database in {@code datadir}. */
    public static H2Engine open(Path datadir, Variables variables) throws SQLException {
        return open(datadir, variables, Options.defaults());
    }

    public static H2Engine open(Path datadir, Variables variables, Options options) throws SQLException {
        try {
            Files.createDirectories(datadir);
        } catch (java.io.IOException e) {
            throw MySqlError.ER_UNKNOWN_ERROR.withText("Can't create the data directory " + datadir + ": " + e.getMessage());
        }
        Path database = datadir.toAbsolutePath().resolve("jgr");
        String url = DirectWritesFilePath.url(database) + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE"
                + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE;IGNORECASE=TRUE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=" + options.writeDelayMs()
                + ";DATABASE_EVENT_LISTENER='" + RollbackFence.Listener.class.getName() + "'";
        Connection admin = DriverManager.getConnection(url);
        admin.setAutoCommit(true);
        TransactionLogFile logFile = null;
        try {
            logFile = new TransactionLogFile(datadir.resolve(TRANSACTION_LOG_FILE));
            return new H2Engine(database, url, admin, variables, options, logFile);
        } catch (java.io.IOException e) {
            admin.close();
            throw MySqlError.ER_UNKNOWN_ERROR.withText("Can't open the transaction log file in " + datadir + ": " + e.getMessage());
        } catch (SQLException | RuntimeException e) {
            admin.close();
            closeQuietly(logFile);
            throw e;
        }
    }

    private void createRoot(String password) throws SQLException {
        String pw = password;
        if (pw == null) {
            pw = randomPassword();
            generatedRootPassword.set(pw);
        }
        accounts.put(new Account("root", "localhost", "caching_sha2_password", PasswordHashes.nativeHash(pw),
                PasswordHashes.sha2Hash(pw), TlsRequirement.NONE, false));
        Set<Privilege> all = Privilege.all(true);
        all.add(Privilege.GRANT_OPTION);
        accounts.grant("root", "localhost", AccountStore.Level.GLOBAL, all);
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /**
     * The root password generated on this first start, returned once (for the caller to print
     * once); empty afterwards or when a password was given. It is never stored.
     */
    public Optional<String> takeGeneratedRootPassword() {
        return Optional.ofNullable(generatedRootPassword.getAndSet(null));
    }

    /** The replication layer's hook, called before each commit (and after each DDL); null: the standalone one. */
    public void setCommitHook(CommitHook hook) {
        this.commitHook = hook == null ? standaloneHook : hook;
    }

    /** The hook while no group replicates; it takes over now unless a replicator's hook is set. */
    public synchronized void setStandaloneCommitHook(CommitHook hook) {
        CommitHook before = standaloneHook;
        standaloneHook = hook == null ? CommitHook.ACCEPT : hook;
        if (commitHook == before) {
            commitHook = standaloneHook;
        }
    }

    CommitHook commitHook() {
        return commitHook;
    }

    /** The replication layer's hook before each session transaction begins; null: none (a standalone member). */
    public void setBeginHook(io.jgr.store.capture.BeginHook hook) {
        this.beginHook = hook == null ? io.jgr.store.capture.BeginHook.NONE : hook;
    }

    io.jgr.store.capture.BeginHook beginHook() {
        return beginHook;
    }

    /** Orders the replication applier's writes after any session rollback in progress (see {@link RollbackGate}). */
    public RollbackGate rollbackGate() {
        return rollbackGate;
    }

    java.util.concurrent.locks.Lock statementLock() {
        return ddlLock.readLock();
    }

    java.util.concurrent.locks.Lock ddlLock() {
        return ddlLock.writeLock();
    }

    /**
     * Lets another part of the server answer statements: those starting with one of
     * {@code firstWords} (upper case, e.g. "START", "CHANGE"), and queries naming one of
     * {@code schemas} (lower case, e.g. "performance_schema").
     */
    public void addStatementHandler(Set<String> firstWords, Set<String> schemas, StatementHandler handler) {
        for (String w : firstWords) {
            handlersByWord.computeIfAbsent(w.toUpperCase(Locale.ROOT), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(handler);
        }
        for (String s : schemas) {
            handlersBySchema.computeIfAbsent(s.toLowerCase(Locale.ROOT), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(handler);
        }
    }

    /**
     * Adds rows to SHOW [GLOBAL|SESSION] STATUS: {@code provider} is asked at each SHOW for its
     * counters (name → value), e.g. the Group Replication plugin's.
     */
    public void addStatusVariables(java.util.function.Supplier<java.util.Map<String, String>> provider) {
        statusProviders.add(provider);
    }

    java.util.List<java.util.function.Supplier<java.util.Map<String, String>>> statusProviders() {
        return statusProviders;
    }

    private final java.util.List<java.util.function.Supplier<java.util.Map<String, String>>> statusProviders =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The registered handlers' answer, or empty. Costs one map lookup when none are registered. */
    Optional<io.jgr.sql.engine.Result> dispatch(H2Session session, String sql, List<io.jgr.sql.statement.Token> tokens)
            throws SQLException {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        List<StatementHandler> byWord = handlersByWord.isEmpty() ? null : handlersByWord.get(tokens.get(0).value());
        if (byWord != null) {
            for (StatementHandler h : byWord) {
                Optional<io.jgr.sql.engine.Result> r = h.handle(session, sql, tokens);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        if (!handlersBySchema.isEmpty()) {
            for (io.jgr.sql.statement.Token t : tokens) {
                if (t.isIdentifier()) {
                    List<StatementHandler> bySchema = handlersBySchema.get(t.lowerName());
                    if (bySchema != null) {
                        for (StatementHandler h : bySchema) {
                            Optional<io.jgr.sql.engine.Result> r = h.handle(session, sql, tokens);
                            if (r.isPresent()) {
                                return r;
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    boolean hasHandlers() {
        return !handlersByWord.isEmpty() || !handlersBySchema.isEmpty();
    }

    @Override
    public Optional<Account> findAccount(String user, InetAddress client) {
        return accounts.find(user, client);
    }

    @Override
    public Session openSession(ConnectionInfo connection) throws SQLException {
        openLock.readLock().lock();
        try {
            if (closed) {
                throw MySqlError.ER_SERVER_SHUTDOWN.exception();
            }
            Connection conn = DriverManager.getConnection(url);
            try {
                H2Session session = new H2Session(this, connection, conn);
                sessions.add(session); // before the check: a sweep of ordinaryConnections() that missed the flag sees it
                if (globalTrue("offline_mode") && !session.access().hasGlobal(Privilege.SUPER)) {
                    session.close();
                    throw MySqlError.ER_SERVER_OFFLINE_MODE.exception();
                }
                return session;
            } catch (SQLException | RuntimeException e) {
                conn.close();
                throw e;
            }
        } finally {
            openLock.readLock().unlock();
        }
    }

    /**
     * A session for the replication applier: authenticated as root@localhost and writing
     * without capture (its rows are already replicated).
     */
    public H2Session openApplierSession() throws SQLException {
        Account root = accounts.get("root", "localhost")
                .orElseThrow(() -> MySqlError.ER_UNKNOWN_ERROR.withText("The applier needs the account root@localhost"));
        H2Session s = (H2Session) openSession(new ConnectionInfo(nextConnectionId(), root, InetAddress.getLoopbackAddress(), null, null, null));
        s.suppressCapture(true);
        return s;
    }

    /** The open client sessions (the replication applier looks for local transactions holding its rows). */
    public java.util.Collection<H2Session> openSessions() {
        return List.copyOf(sessions);
    }

    /**
     * The connection ids of the open client sessions whose account lacks SUPER (MySQL: nor CONNECTION_ADMIN,
     * which jgr does not have): those offline_mode ends.
     */
    public List<Long> ordinaryConnections() {
        List<Long> ids = new ArrayList<>();
        for (H2Session s : List.copyOf(sessions)) {
            if (!s.access().hasGlobal(Privilege.SUPER)) {
                ids.add(s.connectionId());
            }
        }
        return ids;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    void closed(H2Session session) {
        sessions.remove(session);
    }

    int sessionCount() {
        return sessions.size();
    }

    long uptimeSeconds() {
        return (System.nanoTime() - startedAt) / 1_000_000_000L;
    }

    @Override
    public Optional<String> globalVariable(String name) {
        try {
            return Optional.of(display(variables.global(name)));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    boolean superReadOnly() {
        return superReadOnly.getAsBoolean();
    }

    boolean readOnly() {
        return readOnly.getAsBoolean();
    }

    /** Whether a boolean global variable is ON (false if unknown). */
    private boolean globalTrue(String name) {
        try {
            return io.jgr.server.config.SystemVariables.isOn(variables.global(name));
        } catch (SQLException e) {
            return false;
        }
    }

    static String display(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    Variables variables() {
        return variables;
    }

    TypeCatalog catalog() {
        return catalog;
    }

    AccountStore accounts() {
        return accounts;
    }

    /** The account store, for the replication layer (export after an account statement, replace when applying one). */
    public AccountStore accountStore() {
        return accounts;
    }

    static boolean isHidden(String schema) {
        return HIDDEN_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT));
    }

    /** Every user schema: a MySQL database, replicated. */
    static List<String> userSchemas(Connection conn) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                String n = rs.getString(1);
                if (!isHidden(n) && !n.equalsIgnoreCase("information_schema")) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static final AtomicLong TRIGGER_IDS = new AtomicLong(System.currentTimeMillis());

    /** Gives every table of the schema that has no capture trigger one (at start; nothing else runs yet). */
    static void ensureTriggers(Connection conn, String schema) throws SQLException {
        Set<String> covered = new java.util.HashSet<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS "
                + "WHERE TRIGGER_SCHEMA = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2).startsWith(CaptureTrigger.NAME_PREFIX)) {
                        covered.add(rs.getString(1));
                    }
                }
            }
        }
        for (String table : baseTables(conn, schema)) {
            if (!covered.contains(table)) {
                createTrigger(conn, schema, table);
            }
        }
    }

    /**
     * Replaces the capture triggers of tables a DDL statement touched: H2 re-initialises triggers
     * under a temporary table name during ALTER TABLE, and keeps the old name after a rename. The
     * new trigger is created before the old one is dropped, so a concurrent writer is never
     * uncaptured; a row both fire for in between is kept once ({@link io.jgr.store.capture.CaptureContext}).
     */
    static void refreshTriggers(Connection conn, String schema, java.util.Collection<String> tables) throws SQLException {
        for (String wanted : tables) {
            String table = null;
            for (String t : baseTables(conn, schema)) {
                if (t.equalsIgnoreCase(wanted)) {
                    table = t;
                }
            }
            if (table == null) {
                continue;
            }
            List<String> old = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS "
                    + "WHERE TRIGGER_SCHEMA = ? AND EVENT_OBJECT_TABLE = ?")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).startsWith(CaptureTrigger.NAME_PREFIX)) {
                            old.add(rs.getString(1));
                        }
                    }
                }
            }
            createTrigger(conn, schema, table);
            try (Statement s = conn.createStatement()) {
                for (String t : old) {
                    s.execute("DROP TRIGGER IF EXISTS " + ident(schema) + '.' + ident(t));
                }
            }
        }
    }

    private static List<String> baseTables(Connection conn, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    private static void createTrigger(Connection conn, String schema, String table) throws SQLException {
        String name = CaptureTrigger.NAME_PREFIX + Long.toString(TRIGGER_IDS.incrementAndGet(), 36);
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TRIGGER " + ident(schema) + '.' + ident(name) + " AFTER INSERT, UPDATE, DELETE ON "
                    + ident(schema) + '.' + ident(table) + " FOR EACH ROW CALL '" + CaptureTrigger.class.getName() + "'");
        }
    }

    static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() {
        openLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            openLock.writeLock().unlock();
        }
        for (H2Session s : List.copyOf(sessions)) {
            s.close();
        }
        housekeeper.close();
        closeQuietly(transactionLogFile);
        synchronized (admin) {
            try (Statement s = admin.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already closed
            }
            try {
                admin.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
