package io.jgr.perimeter.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
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
            try (Socket refused = new Socket()) {
                refused.bind(new InetSocketAddress(REFUSED, 0));
                refused.connect(target, 2000);
                refused.setSoTimeout(3000);
                InputStream in = refused.getInputStream();
                assertThatThrownBy(in::read).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            }
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
            try (Socket probe = new Socket(HOST1, server.getLocalPort())) {
                probe.setSoTimeout(3000);
                assertThatThrownBy(() -> probe.getInputStream().read()).isInstanceOf(SocketException.class);
            }
        }
    }
}
