package io.jgr.perimeter.net;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import org.jgroups.util.SocketFactory;

/**
 * The one door of the member mesh: JGroups asks this factory for every socket it opens
 * ({@code TP.setSocketFactory}). It hands out exactly two kinds and refuses all others (fail closed):
 * <ul>
 *   <li>{@value #SERVER_SERVICE}: a {@link GuardedServerSocket} (allowlist at accept, then TLS);</li>
 *   <li>{@value #CLIENT_SERVICE}: an unconnected client socket, TLS from {@link MemberTls} when enabled.
 *       JGroups binds it to {@code TCP.client_bind_addr} (the member's local address, so the peer's
 *       allowlist judges the right source), connects it and runs the handshake.</li>
 * </ul>
 * Channels, datagram and multicast sockets (diagnostics, MPING, FD_SOCK2, TCP_NIO2 …) never open.
 */
public final class PerimeterSocketFactory implements SocketFactory {
    public static final String SERVER_SERVICE = "jgroups.tcp.server";
    public static final String CLIENT_SERVICE = "jgroups.tcp.sock";

    private final AdmissionGate gate;
    private final MemberTls tls;
    private final Duration handshakeTimeout;
    private final int handshakeThreads;

    public PerimeterSocketFactory(AdmissionGate gate, MemberTls tls, Duration handshakeTimeout, int handshakeThreads) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeThreads < 1) {
            throw new IllegalArgumentException("handshakeThreads must be positive");
        }
        this.handshakeThreads = handshakeThreads;
    }

    /** A factory with a 5 s handshake timeout and two handshake threads. */
    public PerimeterSocketFactory(AdmissionGate gate, MemberTls tls) {
        this(gate, tls, Duration.ofSeconds(5), 2);
    }

    // ---- client sockets ----

    @Override
    public Socket createSocket(String service) throws IOException {
        requireService(CLIENT_SERVICE, service);
        return tls.enabled() ? tls.newClientSocket() : new Socket();
    }

    @Override
    public Socket createSocket(String service, String host, int port) throws IOException {
        return connected(service, new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String service, InetAddress host, int port) throws IOException {
        return connected(service, new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String service, String host, int port, InetAddress localAddr, int localPort)
            throws IOException {
        return connected(service, new InetSocketAddress(host, port), new InetSocketAddress(localAddr, localPort));
    }

    @Override
    public Socket createSocket(String service, InetAddress host, int port, InetAddress localAddr, int localPort)
            throws IOException {
        return connected(service, new InetSocketAddress(host, port), new InetSocketAddress(localAddr, localPort));
    }

    private Socket connected(String service, InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket(service);
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    // ---- the listener ----

    @Override
    public ServerSocket createServerSocket(String service) throws IOException {
        requireService(SERVER_SERVICE, service);
        return new GuardedServerSocket(gate, tls, handshakeTimeout, handshakeThreads);
    }

    @Override
    public ServerSocket createServerSocket(String service, int port) throws IOException {
        return bound(service, new InetSocketAddress(port), 50);
    }

    @Override
    public ServerSocket createServerSocket(String service, int port, int backlog) throws IOException {
        return bound(service, new InetSocketAddress(port), backlog);
    }

    @Override
    public ServerSocket createServerSocket(String service, int port, int backlog, InetAddress bindAddr)
            throws IOException {
        return bound(service, new InetSocketAddress(bindAddr, port), backlog);
    }

    private ServerSocket bound(String service, InetSocketAddress at, int backlog) throws IOException {
        ServerSocket server = createServerSocket(service);
        try {
            server.bind(at, backlog);
            return server;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    // ---- everything else is refused ----

    @Override
    public SocketChannel createSocketChannel(String service) throws IOException {
        throw refused("socket channel", service);
    }

    @Override
    public SocketChannel createSocketChannel(String service, SocketAddress bindAddr) throws IOException {
        throw refused("socket channel", service);
    }

    @Override
    public ServerSocketChannel createServerSocketChannel(String service) throws IOException {
        throw refused("server socket channel", service);
    }

    @Override
    public ServerSocketChannel createServerSocketChannel(String service, int port) throws IOException {
        throw refused("server socket channel", service);
    }

    @Override
    public ServerSocketChannel createServerSocketChannel(String service, int port, int backlog) throws IOException {
        throw refused("server socket channel", service);
    }

    @Override
    public ServerSocketChannel createServerSocketChannel(String service, int port, int backlog, InetAddress bindAddr)
            throws IOException {
        throw refused("server socket channel", service);
    }

    @Override
    public DatagramSocket createDatagramSocket(String service) throws SocketException {
        throw refused("datagram socket", service);
    }

    @Override
    public DatagramSocket createDatagramSocket(String service, SocketAddress bindAddr) throws SocketException {
        throw refused("datagram socket", service);
    }

    @Override
    public DatagramSocket createDatagramSocket(String service, int port) throws SocketException {
        throw refused("datagram socket", service);
    }

    @Override
    public DatagramSocket createDatagramSocket(String service, int port, InetAddress bindAddr) throws SocketException {
        throw refused("datagram socket", service);
    }

    @Override
    public MulticastSocket createMulticastSocket(String service) throws IOException {
        throw refused("multicast socket", service);
    }

    @Override
    public MulticastSocket createMulticastSocket(String service, int port) throws IOException {
        throw refused("multicast socket", service);
    }

    @Override
    public MulticastSocket createMulticastSocket(String service, SocketAddress bindAddr) throws IOException {
        throw refused("multicast socket", service);
    }

    @Override
    public void close(Socket sock) throws IOException {
        if (sock != null) {
            sock.close();
        }
    }

    @Override
    public void close(ServerSocket sock) throws IOException {
        if (sock != null) {
            sock.close();
        }
    }

    @Override
    public void close(DatagramSocket sock) {
        if (sock != null) {
            sock.close();
        }
    }

    private static void requireService(String expected, String service) throws SocketException {
        if (!expected.equals(service)) {
            throw refused(expected.equals(SERVER_SERVICE) ? "server socket" : "socket", service);
        }
    }

    private static SocketException refused(String kind, String service) {
        return new SocketException("the member perimeter opens no " + kind + " for service '" + service + "'");
    }
}
