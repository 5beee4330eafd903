package io.jgr.sql.protocol;

import io.jgr.sql.engine.SqlEngine;
import io.jgr.sql.error.MySqlError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL protocol server of a member: listens on one address, gives each accepted client
 * its own thread ({@link ClientConnection}), refuses clients beyond max_connections with 1040.
 * {@code start} with port 0 takes an ephemeral port; {@link #port()} reports the one bound.
 */
public final class MySqlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlServer.class);
    /** How long a closing server lets a busy connection finish its current reply. */
    static final long REPLY_GRACE_MS = 2_000;
    /** How long a closing server then waits for the cut connections to close their sessions. */
    static final long SESSION_CLOSE_GRACE_MS = 5_000;

    private final SqlEngine engine;
    private final ServerSettings settings;
    private final ServerCounters counters = new ServerCounters();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private volatile ClientTls clientTls;
    private ServerSocket listener;
    private Thread acceptor;

    /** @param clientTls TLS for clients, or null if the server has none (CLIENT_SSL is then not offered) */
    public MySqlServer(SqlEngine engine, ClientTls clientTls) {
        this.engine = engine;
        this.settings = new ServerSettings(engine);
        this.clientTls = clientTls;
    }

    /** Replaces the TLS for connections accepted from now on (ALTER INSTANCE RELOAD TLS); null turns TLS off. */
    public void clientTls(ClientTls tls) {
        this.clientTls = tls;
    }

    public synchronized void start(InetSocketAddress bind) throws IOException {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(bind, 128);
        listener = s;
        acceptor = new Thread(this::acceptLoop, "jgr-sql-accept-" + s.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port bound by {@link #start}, or -1 before. */
    public synchronized int port() {
        return listener == null ? -1 : listener.getLocalPort();
    }

    public ConnectionRegistry connections() {
        return registry;
    }

    private void acceptLoop() {
        ServerSocket s = listener;
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                if (!s.isClosed()) {
                    LOG.warn("accept failed: {}", e.getClass().getName());
                    pause(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            try {
                admit(client);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not start a client connection: {}", e.getClass().getName());
                closeQuietly(client);
            }
        }
    }

    private void admit(Socket client) throws IOException {
        client.setTcpNoDelay(true);
        client.setKeepAlive(true);
        long id = registry.newId();
        ClientConnection connection = new ClientConnection(id, client, engine, clientTls, settings, counters, registry);
        if (!registry.tryRegister(connection, settings.maxConnections())) {
            refuseTooMany(client);
            return;
        }
        Thread t = new Thread(connection, "jgr-sql-" + id);
        t.setDaemon(true);
        t.start();
    }

    /** As mysqld: the ERR replaces the greeting, so it carries no SQLSTATE marker. */
    private static void refuseTooMany(Socket client) {
        try (client) {
            client.setSoTimeout(1000);
            OutputStream out = client.getOutputStream();
            PacketChannel ch = new PacketChannel(java.io.InputStream.nullInputStream(), out, 0);
            ch.write(Responses.err(MySqlError.ER_CON_COUNT_ERROR, false));
            ch.flush();
        } catch (IOException ignored) {
            // the client is refused either way
        }
    }

    /**
     * Stops listening and ends every connection (their open transactions roll back). A connection
     * in the middle of a command first writes that command's reply — SHUTDOWN's own OK among them,
     * as mysqld sends it — for at most {@link #REPLY_GRACE_MS}; then whatever is left is cut.
     */
    @Override
    public void close() {
        ServerSocket s;
        Thread a;
        synchronized (this) {
            s = listener;
            a = acceptor;
        }
        if (s == null) {
            return;
        }
        closeQuietly(s);
        registry.connections().forEach(ClientConnection::closeAfterReply);
        awaitNoConnections(REPLY_GRACE_MS);
        registry.connections().forEach(ClientConnection::abort);
        // a connection leaves the registry only after its session is closed: the engine, closed next by the
        // member, must not meet a session that a connection's thread is still closing
        if (!awaitNoConnections(SESSION_CLOSE_GRACE_MS)) {
            LOG.warn("{} client connection(s) still closing their sessions after {} ms; going on", registry.size(),
                    SESSION_CLOSE_GRACE_MS);
        }
        if (a != null) {
            try {
                a.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return true once every connection has ended (its session closed), false at the bound */
    private boolean awaitNoConnections(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            pause();
        }
        return registry.size() == 0;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }
}
