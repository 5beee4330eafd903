package io.jgr.perimeter.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.gcs.GroupPki;
import io.jgr.gcs.RawProbe;
import io.jgr.perimeter.tls.SslMode;
import io.jgr.testing.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerimeterSocketFactoryTest {
    private static final InetAddress HOST1 = address("127.0.0.1");
    private static final InetAddress REFUSED = address("127.0.0.4");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private final PerimeterSocketFactory factory =
            new PerimeterSocketFactory(peer -> !peer.equals(REFUSED), PlaintextMemberTls.INSTANCE);

    @ParameterizedTest
    @ValueSource(strings = {"jgroups.tcp.sock", "jgroups.tcp_nio.server", "jgroups.fd_sock.srv_sock", "jgroups.tcp.diag"})
    void listenersOnlyForTheTcpTransport(String service) {
        assertThatThrownBy(() -> factory.createServerSocket(service)).isInstanceOf(SocketException.class)
                .hasMessageContaining(service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jgroups.tcp.server", "jgroups.fd_sock.sock", "jgroups.nio.client"})
    void clientSocketsOnlyForTheTcpTransport(String service) {
        assertThatThrownBy(() -> factory.createSocket(service)).isInstanceOf(SocketException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jgroups.udp.mcast_sock", "jgroups.diag.mcast", "jgroups.mping"})
    void noDatagramMulticastOrChannelSockets(String service) {
        assertThatThrownBy(() -> factory.createDatagramSocket(service)).isInstanceOf(SocketException.class);
        assertThatThrownBy(() -> factory.createMulticastSocket(service)).isInstanceOf(SocketException.class);
        assertThatThrownBy(() -> factory.createSocketChannel(service)).isInstanceOf(SocketException.class);
        assertThatThrownBy(() -> factory.createServerSocketChannel(service)).isInstanceOf(SocketException.class);
    }

    @Test
    void plaintextClientSocketIsUnconnectedAndNotTls() throws IOException {
        try (Socket s = factory.createSocket(PerimeterSocketFactory.CLIENT_SERVICE)) {
            assertThat(s).isNotInstanceOf(SSLSocket.class);
            assertThat(s.isConnected()).isFalse();
        }
    }

    @Test
    void refusedPeerIsResetWithZeroBytesAndAcceptingGoesOn() throws Exception {
        try (ServerSocket server = factory.createServerSocket(PerimeterSocketFactory.SERVER_SERVICE, 0, 50, HOST1)) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            InetSocketAddress target = new InetSocketAddress(HOST1, server.getLocalPort());
            assertThat(RawProbe.from(REFUSED, target)).isEqualTo(RawProbe.Outcome.RESET_ZERO_BYTES);
            assertThat(accepted).isNotDone();
            try (Socket admitted = new Socket()) {
                admitted.bind(new InetSocketAddress(address("127.0.0.2"), 0));
                admitted.connect(target, 2000);
                try (Socket s = accepted.get(5, TimeUnit.SECONDS)) {
                    assertThat(s.getInetAddress()).isEqualTo(address("127.0.0.2"));
                }
            }
        }
    }

    @Test
    void tlsHandshakesRunOnThePoolAndASilentPeerIsDroppedAfterTheTimeout() throws Exception {
        MemberTls serverTls = GroupPki.INSTANCE.tls(SslMode.VERIFY_CA, "member1");
        MemberTls clientTls = GroupPki.INSTANCE.tls(SslMode.VERIFY_CA, "member2");
        PerimeterSocketFactory tlsFactory = new PerimeterSocketFactory(peer -> !peer.equals(REFUSED), serverTls,
                Duration.ofMillis(500), 2);
        try (LogCapture log = LogCapture.open();
             ServerSocket server = tlsFactory.createServerSocket(PerimeterSocketFactory.SERVER_SERVICE, 0, 50, HOST1);
             Socket silent = new Socket()) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            InetSocketAddress target = new InetSocketAddress(HOST1, server.getLocalPort());
            silent.bind(new InetSocketAddress(address("127.0.0.5"), 0));
            silent.connect(target, 2000);
            try (SSLSocket client = clientTls.newClientSocket()) {
                client.bind(new InetSocketAddress(address("127.0.0.2"), 0));
                client.connect(target, 2000);
                client.startHandshake();
                try (Socket s = accepted.get(5, TimeUnit.SECONDS)) {
                    assertThat(s).isInstanceOf(SSLSocket.class);
                    assertThat(s.getInetAddress()).isEqualTo(address("127.0.0.2"));
                }
            }
            silent.setSoTimeout(5000);
            int first;
            try {
                first = silent.getInputStream().read();
            } catch (SocketException reset) {
                first = -1;
            }
            assertThat(first).as("bytes sent to a silent peer").isEqualTo(-1);
            assertThat(log.linesContaining("TLS handshake with the connection from IP address 127.0.0.5 failed")).hasSize(1);
        }
    }

    @Test
    void aGateThatThrowsRefuses() throws Exception {
        PerimeterSocketFactory broken = new PerimeterSocketFactory(peer -> {
            throw new IllegalStateException("resolver down");
        }, PlaintextMemberTls.INSTANCE);
        try (ServerSocket server = broken.createServerSocket(PerimeterSocketFactory.SERVER_SERVICE, 0, 50, HOST1)) {
            CompletableFuture.runAsync(() -> {
                try {
                    server.accept();
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            assertThat(RawProbe.from(HOST1, new InetSocketAddress(HOST1, server.getLocalPort())))
                    .isEqualTo(RawProbe.Outcome.RESET_ZERO_BYTES);
        }
    }
}
