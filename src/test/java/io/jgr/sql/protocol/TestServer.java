package io.jgr.sql.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A protocol server on 127.0.0.1, an ephemeral port, over the scripted engine, with or without TLS. */
final class TestServer implements AutoCloseable {
    final ScriptedSqlEngine engine = new ScriptedSqlEngine();
    final MySqlServer server;

    TestServer(TestTls tls) throws Exception {
        server = new MySqlServer(engine, tls == null ? null : ClientTls.of(tls.serverContext()));
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
