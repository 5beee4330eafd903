package io.jgr.sql.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Command-level behaviour checked byte by byte with a raw client (plaintext server, no TLS offered). */
class CommandPhaseTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String errText(byte[] p) {
        return (p[0] & 0xFF) + " " + new PayloadReader(p, 1, 2).int2() + " " + new String(p, 3, p.length - 3, StandardCharsets.UTF_8);
    }

    @Test
    void greetingOffersNoTlsWithoutTlsMaterialAndNamesCachingSha2() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            PayloadReader r = new PayloadReader(c.greeting);
            assertThat(r.int1()).isEqualTo(10);
            assertThat(r.nulString()).isEqualTo("8.0.36-jgr");
            r.skip(4 + 8 + 1);
            int low = r.int2();
            r.skip(1 + 2);
            int caps = low | r.int2() << 16;
            assertThat(caps & Capabilities.SSL).isZero();
            assertThat(caps & Capabilities.MULTI_STATEMENTS).isZero();
            assertThat(caps & Capabilities.QUERY_ATTRIBUTES).isZero();
            assertThat(r.int1()).isEqualTo(21);
            r.skip(10 + 13);
            assertThat(r.nulString()).isEqualTo("caching_sha2_password");
            assertThat(c.nonce).doesNotContain((byte) 0);
        }
    }

    @Test
    void commandsAnswerAsMySql() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.login("root", "rootpw", 0)[0]).isEqualTo((byte) 0);
            assertThat(c.command(Command.PING, new byte[0])[0]).isEqualTo((byte) 0);
            assertThat(c.command(Command.INIT_DB, utf8("test"))[0]).isEqualTo((byte) 0);
            assertThat(errText(c.command(Command.INIT_DB, utf8("nope")))).isEqualTo("255 1049 #42000Unknown database 'nope'");
            assertThat(new String(c.command(Command.STATISTICS, new byte[0]), StandardCharsets.UTF_8)).startsWith("Uptime: ");
            assertThat(c.command(Command.SET_OPTION, new byte[] {1, 0})[0]).isEqualTo((byte) 0xFE);
            assertThat(errText(c.command(0x42, new byte[0]))).isEqualTo("255 1047 #08S01Unknown command");

            // COM_FIELD_LIST: column definitions (with a default-value field) then EOF.
            c.send(Command.FIELD_LIST, utf8("t\0"));
            byte[] def = c.read();
            assertThat(new PayloadReader(def).lenencString()).isEqualTo("def");
            c.read();
            assertThat(c.read()[0]).isEqualTo((byte) 0xFE);
            assertThat(errText(c.command(Command.FIELD_LIST, utf8("missing\0")))).contains("1146 #42S02Table 'test.missing' doesn't exist");

            // Prepared statement: prepare, send long data (no reply), execute, close (no reply), reset of a closed id.
            c.send(Command.STMT_PREPARE, utf8("INSERT INTO t VALUES (?, ?)"));
            byte[] prepared = c.read();
            PayloadReader pr = new PayloadReader(prepared);
            assertThat(pr.int1()).isZero();
            long id = pr.int4();
            assertThat(pr.int2()).isZero();
            assertThat(pr.int2()).isEqualTo(2);
            c.read();
            c.read();
            assertThat(c.read()[0]).isEqualTo((byte) 0xFE); // EOF after parameter definitions (no DEPRECATE_EOF)
            c.send(Command.STMT_SEND_LONG_DATA, new PayloadWriter().int4(id).int2(1).bytes(utf8("long ")).toByteArray());
            c.send(Command.STMT_SEND_LONG_DATA, new PayloadWriter().int4(id).int2(1).bytes(utf8("data")).toByteArray());
            byte[] exec = new PayloadWriter().int4(id).int1(0).int4(1).int1(0).int1(1).int2(3).int2(253).int4(77)
                    .toByteArray(); // parameter 1 came as long data, so it is not in the packet
            byte[] ok = c.command(Command.STMT_EXECUTE, exec);
            assertThat(ok[0]).as(errText(ok)).isEqualTo((byte) 0);
            c.send(Command.STMT_CLOSE, new PayloadWriter().int4(id).toByteArray());
            assertThat(errText(c.command(Command.STMT_RESET, new PayloadWriter().int4(id).toByteArray())))
                    .isEqualTo("255 1243 #HY000Unknown prepared statement handler (" + id + ") given to mysqld_stmt_reset");
            assertThat(server.engine.tables.row("t", 77)[1]).isEqualTo("long data");

            assertThat(c.command(Command.RESET_CONNECTION, new byte[0])[0]).isEqualTo((byte) 0);
            c.send(Command.QUIT, new byte[0]);
            assertThat(c.read()).isNull();
        }
    }

    @Test
    void useReportsTheNewSchemaThroughSessionTracking() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.login("root", "rootpw", Capabilities.SESSION_TRACK)[0]).isZero();
            byte[] ok = c.command(Command.QUERY, utf8("USE information_schema"));
            PayloadReader r = new PayloadReader(ok);
            r.skip(3);
            assertThat(r.int2() & ServerStatus.SESSION_STATE_CHANGED).isNotZero();
            r.skip(2);
            assertThat(r.lenencString()).isEmpty();
            PayloadReader state = new PayloadReader(r.lenencBytes());
            assertThat(state.int1()).isEqualTo(1); // SESSION_TRACK_SCHEMA
            assertThat(new PayloadReader(state.lenencBytes()).lenencString()).isEqualTo("information_schema");
            byte[] again = c.command(Command.QUERY, utf8("SET @x = 1"));
            assertThat(new PayloadReader(again, 3, 2).int2() & ServerStatus.SESSION_STATE_CHANGED).isZero();
        }
    }

    @Test
    void unknownUserAndMissingPasswordAreDenied() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            assertThat(errText(c.login("ghost", "", 0))).isEqualTo("255 1045 #28000Access denied for user 'ghost'@'127.0.0.1' (using password: NO)");
        }
        try (RawClient c = new RawClient(server.port())) {
            assertThat(errText(c.login("root", "", 0))).isEqualTo("255 1045 #28000Access denied for user 'root'@'127.0.0.1' (using password: NO)");
        }
    }

    @Test
    void packetAboveMaxAllowedPacketIsRefusedWith1153() throws Exception {
        server.engine.globals.put("max_allowed_packet", "1024");
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.login("root", "rootpw", 0)[0]).isZero();
            byte[] reply = c.command(Command.QUERY, new byte[2048]);
            assertThat(errText(reply)).isEqualTo("255 1153 #08S01Got a packet bigger than 'max_allowed_packet' bytes");
            assertThat(c.read()).isNull();
        } finally {
            server.engine.globals.put("max_allowed_packet", "67108864");
        }
    }

    @Test
    void longDataBeyondMaxAllowedPacketFailsTheNextExecute() throws Exception {
        server.engine.globals.put("max_allowed_packet", "1024");
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.login("root", "rootpw", Capabilities.DEPRECATE_EOF)[0]).isZero();
            c.send(Command.STMT_PREPARE, utf8("INSERT INTO t VALUES (?, ?)"));
            long id = new PayloadReader(c.read(), 1, 4).int4();
            c.read();
            c.read(); // two parameter definitions, no EOF under DEPRECATE_EOF
            for (int i = 0; i < 2; i++) {
                c.send(Command.STMT_SEND_LONG_DATA, new PayloadWriter().int4(id).int2(1).zeros(900).toByteArray());
            }
            byte[] exec = new PayloadWriter().int4(id).int1(0).int4(1).int1(0).int1(1).int2(3).int2(253).int4(78).toByteArray();
            assertThat(errText(c.command(Command.STMT_EXECUTE, exec))).isEqualTo("255 1105 #HY000Parameter of prepared statement "
                    + "which is set through mysql_send_long_data() is longer than 'max_allowed_packet' bytes");
            assertThat(c.command(Command.PING, new byte[0])[0]).isZero();
        } finally {
            server.engine.globals.put("max_allowed_packet", "67108864");
        }
    }

    @Test
    void preparedStatementsAreBoundedServerWide() throws Exception {
        server.engine.globals.put("max_prepared_stmt_count", "1");
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.login("root", "rootpw", Capabilities.DEPRECATE_EOF)[0]).isZero();
            byte[] first = c.command(Command.STMT_PREPARE, utf8("DELETE FROM t"));
            assertThat(first[0]).isZero();
            assertThat(errText(c.command(Command.STMT_PREPARE, utf8("DELETE FROM t"))))
                    .isEqualTo("255 1461 #42000Can't create more than max_prepared_stmt_count statements (current value: 1)");
            c.send(Command.STMT_CLOSE, new PayloadReader(first, 1, 4).bytes(4));
            assertThat(c.command(Command.STMT_PREPARE, utf8("DELETE FROM t"))[0]).isZero();
        } finally {
            server.engine.globals.put("max_prepared_stmt_count", "16382");
        }
    }

    @Test
    void idleConnectionIsToldWhyItIsClosed() throws Exception {
        server.engine.globals.put("wait_timeout", "1");
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.login("root", "rootpw", 0)[0]).isZero();
            c.channel.resetSequence();
            assertThat(errText(c.read())).startsWith("255 4031 #HY000The client was disconnected by the server because of inactivity.");
            assertThat(c.read()).isNull();
        } finally {
            server.engine.globals.put("wait_timeout", "28800");
        }
    }

    @Test
    void errorLogLinesOfASessionCarryItsConnectionId() throws Exception {
        try (io.jgr.testing.LogCapture log = io.jgr.testing.LogCapture.open(); RawClient c = new RawClient(server.port())) {
            long id = new PayloadReader(c.greeting, 1 + "8.0.36-jgr".length() + 1, 4).int4();
            assertThat(c.login("root", "rootpw", 0)[0]).isZero();
            assertThat(c.command(Command.QUERY, utf8("DO log_note()"))[0]).isZero();
            assertThat(log.linesContaining("scripted note")).singleElement().asString()
                    .contains("Z " + id + " [Note] [MY-010000] [Server] scripted note");
            assertThat(errText(c.command(Command.QUERY, utf8("DO engine_bug()")))).isEqualTo("255 1105 #HY000Unknown error");
            assertThat(c.command(Command.PING, new byte[0])[0]).isZero();
            assertThat(log.linesContaining("IllegalStateException")).singleElement().asString()
                    .contains(" " + id + " [ERROR] ").doesNotContain("secret");
        }
    }

    @Test
    void sslRequestToAServerWithoutTlsIsABadHandshake() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.channel.write(new PayloadWriter().int4(RawClient.clientCapabilities(Capabilities.SSL)).int4(1 << 24).int1(255).zeros(23));
            c.channel.flush();
            assertThat(errText(c.read())).isEqualTo("255 1043 #08S01Bad handshake");
        }
    }

    @Test
    void changeUserAndResetConnectionThroughConnectorJ() throws Exception {
        try (Connection c = ConnectorJClientTestSupport.plaintext(server, "root", "rootpw")) {
            ((com.mysql.cj.jdbc.JdbcConnection) c).changeUser("native", "nativepw");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT USER()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("native@127.0.0.1");
            }
            ((com.mysql.cj.jdbc.JdbcConnection) c).resetServerState();
            assertThat(c.isValid(5)).isTrue();
        }
    }
}
