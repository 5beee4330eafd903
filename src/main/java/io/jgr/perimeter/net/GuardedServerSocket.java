package io.jgr.perimeter.net;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/**
 * The member port's listener. {@link #accept()} hands out only connections that passed the
 * {@link AdmissionGate} and, when TLS is on, a completed handshake.
 *
 * <p>A refused peer is reset ({@code SO_LINGER 0} + close) before any byte is read or written; the
 * gate logs and counts the refusal. Without TLS the check runs on the caller's (JGroups'
 * acceptor) thread, which costs one lookup. With TLS a private acceptor thread takes raw
 * connections, checks the gate and passes admitted ones to a small bounded pool that runs the
 * handshake under a timeout, so a slow or silent peer never stalls the accept loop (pitfall 6).
 * Ready sockets reach {@link #accept()} through a queue.
 */
final class GuardedServerSocket extends ServerSocket {
    /** Wakes a caller blocked in {@link #accept()} when the listener closes. */
    private static final Socket CLOSED = new Socket();

    private final AdmissionGate gate;
    private final MemberTls tls;
    private final int handshakeTimeoutMillis;
    private final int handshakeThreads;
    private final BlockingQueue<Socket> ready = new LinkedBlockingQueue<>();
    private ThreadPoolExecutor handshakes;
    private Thread acceptor;

    GuardedServerSocket(AdmissionGate gate, MemberTls tls, Duration handshakeTimeout, int handshakeThreads)
            throws IOException {
        super();
        this.gate = gate;
        this.tls = tls;
        this.handshakeTimeoutMillis = Math.toIntExact(handshakeTimeout.toMillis());
        this.handshakeThreads = handshakeThreads;
    }

    @Override
    public Socket accept() throws IOException {
        if (!tls.enabled()) {
            while (true) {
                Socket raw = super.accept();
                if (admit(raw)) {
                    return raw;
                }
            }
        }
        startTlsAcceptor();
        try {
            Socket next = ready.take();
            if (next == CLOSED) {
                ready.offer(CLOSED); // wake any other caller too
                throw new SocketException("Socket is closed");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("interrupted while accepting");
        }
    }

    /** True if the gate admits the peer; otherwise the socket is reset with zero bytes sent. */
    private boolean admit(Socket raw) {
        InetAddress peer = raw.getInetAddress();
        boolean admitted;
        try {
            admitted = gate.admit(peer);
        } catch (RuntimeException e) { // fail closed
            admitted = false;
        }
        if (!admitted) {
            reset(raw);
        }
        return admitted;
    }

    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing below still drops the connection
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do for a refused peer
        }
    }

    private synchronized void startTlsAcceptor() {
        if (acceptor != null || isClosed()) {
            return;
        }
        handshakes = new ThreadPoolExecutor(handshakeThreads, handshakeThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4 * handshakeThreads), r -> {
                    Thread t = new Thread(r, "jgr-member-tls-handshake");
                    t.setDaemon(true);
                    return t;
                });
        handshakes.allowCoreThreadTimeOut(true);
        acceptor = new Thread(this::acceptRaw, "jgr-member-accept-" + getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptRaw() {
        try {
            while (!isClosed()) {
                Socket raw = super.accept();
                if (!admit(raw)) {
                    continue;
                }
                try {
                    handshakes.execute(() -> handshake(raw));
                } catch (RejectedExecutionException full) {
                    ErrorLog.gcs(LogLevel.WARNING, "Too many TLS handshakes in progress; connection from "
                            + raw.getInetAddress().getHostAddress() + " dropped.");
                    reset(raw);
                }
            }
        } catch (IOException closed) {
            // the listener was closed: stop accepting
        } finally {
            ready.offer(CLOSED);
        }
    }

    private void handshake(Socket raw) {
        String peer = raw.getInetAddress().getHostAddress();
        try {
            raw.setSoTimeout(handshakeTimeoutMillis);
            SSLSocket ssl = tls.wrapAccepted(raw);
            ssl.startHandshake();
            ssl.setSoTimeout(0);
            if (isClosed()) {
                reset(ssl);
            } else {
                ready.offer(ssl);
            }
        } catch (IOException | RuntimeException e) {
            // Pitfall 7: a peer with a foreign CA never reaches the trust manager; say why here.
            ErrorLog.gcs(LogLevel.WARNING, "TLS handshake with the connection from IP address " + peer
                    + " failed: " + reason(e) + ". Connection refused.");
            reset(raw);
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() throws IOException {
        super.close();
        ThreadPoolExecutor pool;
        synchronized (this) {
            pool = handshakes;
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        ready.offer(CLOSED);
        for (Socket s; (s = ready.poll()) != null; ) {
            if (s != CLOSED) {
                reset(s);
            }
        }
        ready.offer(CLOSED);
    }
}
