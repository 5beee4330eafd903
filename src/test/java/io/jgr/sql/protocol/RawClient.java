package io.jgr.sql.protocol;

import io.jgr.sql.auth.CachingSha2Password;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;

/** A minimal plaintext MySQL client for command-level tests: what a real client sends, byte for byte. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    final PacketChannel channel;
    byte[] greeting;
    byte[] nonce;

    RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        channel = new PacketChannel(socket.getInputStream(), socket.getOutputStream(), Long.MAX_VALUE);
        greeting = channel.read();
        PayloadReader r = new PayloadReader(greeting);
        r.int1();
        r.nulString();
        r.int4();
        byte[] part1 = r.bytes(8);
        r.skip(1 + 2 + 1 + 2 + 2 + 1 + 10);
        byte[] part2 = r.bytes(12);
        nonce = Arrays.copyOf(part1, 20);
        System.arraycopy(part2, 0, nonce, 8, 12);
    }

    static int clientCapabilities(int extra) {
        return Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
                | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_WITH_DB | Capabilities.LONG_PASSWORD
                | Capabilities.TRANSACTIONS | extra;
    }

    /** Logs in with caching_sha2_password; returns the last packet the server sent (OK or ERR). */
    byte[] login(String user, String password, int extraCapabilities) throws IOException {
        PayloadWriter w = new PayloadWriter().int4(clientCapabilities(extraCapabilities)).int4(1 << 24).int1(255).zeros(23)
                .nulString(user).lenencBytes(CachingSha2Password.scramble(nonce, password)).nulString("test")
                .nulString("caching_sha2_password");
        channel.write(w);
        channel.flush();
        byte[] p = channel.read();
        if (p[0] == 1) { // AuthMoreData: fast auth success, then OK
            p = channel.read();
        }
        return p;
    }

    byte[] command(int command, byte[] body) throws IOException {
        send(command, body);
        return channel.read();
    }

    void send(int command, byte[] body) throws IOException {
        channel.resetSequence();
        PayloadWriter w = new PayloadWriter().int1(command).bytes(body);
        channel.write(w);
        channel.flush();
    }

    byte[] read() throws IOException {
        return channel.read();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
