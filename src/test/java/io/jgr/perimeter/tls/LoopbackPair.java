package io.jgr.perimeter.tls;

import io.jgr.perimeter.net.MemberTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/**
 * One real connection over loopback between an acceptor and a dialler, each side TLS or plaintext
 * as its {@link MemberTls} says, with a ping/pong after the handshake (under TLS 1.3 a refused
 * client certificate only surfaces on the dialler's first read). Every step is bounded.
 */
final class LoopbackPair {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong\n".getBytes(StandardCharsets.US_ASCII);

    /** How the dialling side opens its connection (handshake included); returns the socket to talk over. */
    @FunctionalInterface
    interface Dialler {
        Socket dial(InetSocketAddress target) throws IOException;
    }

    /**
     * @param connected        both sides exchanged ping/pong
     * @param acceptorFailure  the acceptor's failure (a {@link TlsHandshakeException} for a refused handshake), or null
     * @param diallerFailure   the dialler's failure, or null
     * @param suite            the negotiated suite as the dialler sees it, or null
     * @param serverCert       the acceptor's certificate as the dialler sees it, or null
     */
    record Outcome(boolean connected, Throwable acceptorFailure, Throwable diallerFailure, String suite,
                   X509Certificate serverCert) {
    }

    private LoopbackPair() {
    }

    static Outcome run(MemberTls acceptor, Dialler dialler) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout((int) TIMEOUT.toMillis());
            CompletableFuture<Throwable> accepted = CompletableFuture.supplyAsync(() -> serveOne(server, acceptor));
            Throwable diallerFailure = null;
            String suite = null;
            X509Certificate serverCert = null;
            boolean pong = false;
            Socket socket = null;
            try {
                socket = dialler.dial(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.getLocalPort()));
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                if (socket instanceof SSLSocket ssl) {
                    suite = ssl.getSession().getCipherSuite();
                    serverCert = (X509Certificate) ssl.getSession().getPeerCertificates()[0];
                }
                OutputStream out = socket.getOutputStream();
                out.write(PING);
                out.flush();
                pong = Arrays.equals(socket.getInputStream().readNBytes(PONG.length), PONG);
            } catch (IOException e) {
                diallerFailure = e;
            } finally {
                if (socket != null) {
                    socket.close();
                }
            }
            Throwable acceptorFailure = accepted.get(3 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(pong && acceptorFailure == null, acceptorFailure, diallerFailure, suite, serverCert);
        }
    }

    /** Accepts one connection, runs the acceptor's side; returns its failure or null. */
    private static Throwable serveOne(ServerSocket server, MemberTls acceptor) {
        try (Socket raw = server.accept()) {
            raw.setSoTimeout((int) TIMEOUT.toMillis());
            Socket socket = raw;
            if (acceptor.enabled()) {
                SSLSocket ssl = acceptor.wrapAccepted(raw);
                TlsHandshake.accept(ssl, TIMEOUT);
                socket = ssl;
            }
            return echo(socket) ? null : new IOException("the peer did not send ping (not our protocol)");
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    /** Reads one ping and answers pong; false when the first bytes are something else. */
    static boolean echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        if (!Arrays.equals(in.readNBytes(PING.length), PING)) {
            return false;
        }
        socket.getOutputStream().write(PONG);
        socket.getOutputStream().flush();
        return true;
    }

    /** A member dialling from 127.0.0.1: TLS from its {@link MemberTls}, or plaintext under DISABLED. */
    static Dialler member(MemberTls tls) {
        return member(tls, null);
    }

    /** As {@link #member(MemberTls)}, dialling {@code host} (e.g. "localhost") instead of the literal address. */
    static Dialler member(MemberTls tls, String host) {
        return target -> {
            InetSocketAddress to = host == null ? target : new InetSocketAddress(InetAddress.getByName(host), target.getPort());
            if (!tls.enabled()) {
                return plaintext().dial(to);
            }
            SSLSocket socket = tls.newClientSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                socket.connect(to, (int) TIMEOUT.toMillis());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            TlsHandshake.connect(socket, TIMEOUT);
            return socket;
        };
    }

    static Dialler plaintext() {
        return target -> {
            Socket socket = new Socket();
            socket.connect(target, (int) TIMEOUT.toMillis());
            return socket;
        };
    }
}
