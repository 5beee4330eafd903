package io.jgr.sql.protocol;

import io.jgr.server.log.MySqlErrorLogLayout;
import io.jgr.sql.auth.AuthPlugin;
import io.jgr.sql.auth.Nonce;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import io.jgr.sql.engine.SqlEngine;
import io.jgr.sql.error.MySqlError;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One client connection on its own thread: the connection phase (greeting, optional TLS upgrade,
 * require_secure_transport, authentication), then the command phase until COM_QUIT, a closed
 * socket or a timeout. The session is closed (rolling back an open transaction) on the way out.
 */
final class ClientConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private final long id;
    private final SqlEngine engine;
    private final ClientTls clientTls;
    private final ServerSettings settings;
    private final ServerCounters counters;
    private final ConnectionRegistry registry;
    private volatile Socket socket;
    private PacketChannel channel;
    private SSLSocket tls;
    private Session session;
    private int capabilities;

    ClientConnection(long id, Socket socket, SqlEngine engine, ClientTls clientTls, ServerSettings settings,
                     ServerCounters counters, ConnectionRegistry registry) {
        this.id = id;
        this.socket = socket;
        this.engine = engine;
        this.clientTls = clientTls;
        this.settings = settings;
        this.counters = counters;
        this.registry = registry;
    }

    long id() {
        return id;
    }

    /** True while a command is being executed and answered (between reading it and flushing its reply). */
    private volatile boolean busy;
    /** Set by a graceful server close: the connection ends after its current reply instead of reading another. */
    private volatile boolean closing;

    /** A command was read: from now until {@link #commandAnswered} a graceful close waits for its reply. */
    void commandStarted() {
        busy = true;
    }

    /** @return false when the server is closing and this connection must end now that its reply is out */
    boolean commandAnswered() {
        busy = false;
        return !closing;
    }

    /**
     * Ends the connection once its current reply (if any) has been written: an idle connection is
     * aborted at once, a busy one finishes its command and stops before reading the next. The two
     * volatile flags are written before being read on each side, so one of the two always acts.
     */
    void closeAfterReply() {
        closing = true;
        if (!busy) {
            abort();
        }
    }

    /** Closes the socket from another thread; the connection's thread then ends. */
    void abort() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    @Override
    public void run() {
        MDC.put(MySqlErrorLogLayout.THREAD_ID, Long.toString(id));
        try {
            channel = new PacketChannel(socket.getInputStream(), socket.getOutputStream(), settings.maxAllowedPacket());
            if (connectionPhase()) {
                new CommandHandler(this, channel, session, capabilities, settings, counters, registry).loop();
            }
        } catch (EOFException | SocketTimeoutException e) {
            LOG.debug("connection {} ended: {}", id, e.getClass().getSimpleName());
        } catch (SSLException e) {
            LOG.debug("connection {} TLS failure: {}", id, e.getClass().getSimpleName());
        } catch (SocketException e) {
            LOG.debug("connection {} socket closed", id);
        } catch (IOException | RuntimeException e) {
            // The exception's text may quote client input, so only its kind is logged.
            LOG.warn("connection {} aborted: {} at {}", id, e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
        } finally {
            close();
            MDC.remove(MySqlErrorLogLayout.THREAD_ID);
        }
    }

    /** @return true once authenticated with a session open; false after an ERR was sent */
    private boolean connectionPhase() throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeoutSeconds() * 1000));
        byte[] nonce = Nonce.generate();
        int offered = Capabilities.SERVER | (clientTls != null ? Capabilities.SSL : 0);
        channel.write(Greeting.encode(settings.version(), id, nonce, offered, ServerStatus.AUTOCOMMIT,
                AuthPlugin.DEFAULT.protocolName()));
        channel.flush();
        HandshakeResponse response;
        try {
            response = readResponse(offered);
        } catch (MalformedPacketException e) {
            sendError(MySqlError.ER_HANDSHAKE_ERROR.exception());
            return false;
        }
        if (response == null) {
            return false;
        }
        capabilities = response.capabilities() & offered;
        channel.buffer();
        if (tls == null && settings.requireSecureTransport()) {
            sendError(MySqlError.ER_SECURE_TRANSPORT_REQUIRED.exception());
            return false;
        }
        Account account;
        try {
            account = new Authentication(engine, channel, socket.getInetAddress(), tls)
                    .authenticate(response.user(), response.plugin(), response.authResponse(), nonce, false);
        } catch (SQLException e) {
            // MySQL's line for a refused login (MY-010926); the text names user, host and YES/NO, never a password
            io.jgr.server.log.ErrorLog.write(io.jgr.server.log.LogLevel.NOTE, "MY-010926", "Server", e.getMessage());
            sendError(e);
            return false;
        }
        try {
            session = engine.openSession(connectionInfo(account, response.schema()));
        } catch (SQLException e) {
            sendError(e);
            return false;
        }
        channel.write(Responses.ok(0, 0, ServerStatus.of(session), 0, "",
                Capabilities.has(capabilities, Capabilities.SESSION_TRACK)));
        channel.flush();
        boolean interactive = Capabilities.has(capabilities, Capabilities.INTERACTIVE);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.waitTimeoutSeconds(interactive) * 1000));
        return true;
    }

    /** Reads the client's answer, doing the TLS upgrade in between if it starts with an SSLRequest. */
    private HandshakeResponse readResponse(int offered) throws IOException {
        byte[] first = channel.read();
        if (first == null) {
            return null;
        }
        HandshakeResponse response = HandshakeResponse.parse(first);
        if (!response.sslRequest()) {
            return response;
        }
        if (!Capabilities.has(offered, Capabilities.SSL)) {
            throw new MalformedPacketException("SSLRequest to a server that offered no TLS");
        }
        try {
            tls = clientTls.upgrade(socket);
        } catch (IOException e) {
            // a refused TLS handshake (MySQL is silent); the JDK's text names no secret
            io.jgr.server.log.ErrorLog.write(io.jgr.server.log.LogLevel.NOTE, "MY-010914", "Server", "Aborted connection " + id
                    + " to db: 'unconnected' user: 'unauthenticated' host: '" + socket.getInetAddress().getHostAddress()
                    + "' (TLS handshake failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            throw e;
        }
        socket = tls;
        channel.replaceStreams(tls.getInputStream(), tls.getOutputStream());
        byte[] second = channel.read();
        if (second == null) {
            return null;
        }
        HandshakeResponse full = HandshakeResponse.parse(second);
        if (full.sslRequest()) {
            throw new MalformedPacketException("second SSLRequest");
        }
        return full;
    }

    ConnectionInfo connectionInfo(Account account, String schema) {
        String version = tls == null ? null : tls.getSession().getProtocol();
        String cipher = tls == null ? null : tls.getSession().getCipherSuite();
        return new ConnectionInfo(id, account, socket.getInetAddress(), version, cipher, schema);
    }

    /** COM_CHANGE_USER: authenticate again (always through an AuthSwitchRequest) and open a new session. */
    Session changeUser(String user, String plugin, byte[] authResponse, String schema) throws IOException, SQLException {
        Account account = new Authentication(engine, channel, socket.getInetAddress(), tls)
                .authenticate(user, plugin, authResponse, Nonce.generate(), true);
        Session fresh = engine.openSession(connectionInfo(account, schema));
        if (session != null) {
            session.close();
        }
        session = fresh;
        return fresh;
    }

    private void sendError(SQLException e) throws IOException {
        channel.write(Responses.err(e, true));
        channel.flush();
    }

    private void close() {
        try {
            if (session != null) {
                session.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("connection {} session close failed: {}", id, e.getClass().getName());
        } finally {
            abort();
            registry.unregister(this);
        }
    }
}
