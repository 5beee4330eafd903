package io.jgr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.ServerConfig;
import io.jgr.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The composition root in-process: first start, plugins' order, start failures, the member's own statements. */
class MemberServerTest {
    @TempDir
    Path dir;

    private ServerConfig config(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--datadir=" + dir.resolve("data"), "--port=0", "--bind-address=127.0.0.1"));
        args.addAll(List.of(extra));
        return ServerConfig.load(MemberServer.componentOptions(), args.toArray(String[]::new));
    }

    private static Connection connect(MemberServer m, String user, String pw) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", pw);
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + m.port() + "/?sslMode=DISABLED&connectTimeout=10000", p);
    }

    @Test
    void firstStartPrintsTheGeneratedRootPasswordOnceAndNeverLogsIt() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        String password;
        try (LogCapture log = LogCapture.open()) {
            try (MemberServer m = MemberServer.start(config(), List.of(), new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
                String printed = terminal.toString(StandardCharsets.UTF_8);
                assertThat(printed).startsWith("A temporary password is generated for root@localhost: ");
                password = printed.substring(printed.indexOf(": ") + 2).strip();
                try (Connection c = connect(m, "root", password)) {
                    assertThat(c.isValid(5)).isTrue();
                }
            }
            // lowered for the allowlist's host entries, unless the operator had set it
            assertThat(java.security.Security.getProperty("networkaddress.cache.ttl")).isEqualTo(MemberServer.DNS_CACHE_TTL);
            assertThat(log.lines()).noneMatch(l -> l.contains(password))
                    .anyMatch(l -> l.contains("[System] [MY-013169] [Server] jgr server (mysqld 8.0.36-jgr) initializing of server in progress"))
                    .anyMatch(l -> l.contains("[System] [MY-010931] [Server] jgr server: ready for connections."))
                    .anyMatch(l -> l.contains("[System] [MY-010910] [Server] jgr server: Shutdown complete"));
        }
        terminal.reset();
        try (MemberServer m = MemberServer.start(config(), List.of(), new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
            assertThat(terminal.size()).isZero();
            try (Connection c = connect(m, "root", password)) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
        for (Path f : Files.list(dir.resolve("data")).toList()) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(password);
        }
    }

    @Test
    void pluginsStartAfterTheSqlPortAndStopBeforeIt() throws Exception {
        List<String> events = new ArrayList<>();
        class Recording implements MemberPlugin {
            private final String name;
            private final boolean fail;
            private int port;

            Recording(String name, boolean fail) {
                this.name = name;
                this.fail = fail;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(MemberContext member) throws Exception {
                port = member.sqlPort();
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    events.add("start " + name + " port open");
                }
                if (fail) {
                    throw new IllegalStateException("boom");
                }
            }

            @Override
            public void stop() {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    events.add("stop " + name + " port open");
                } catch (java.io.IOException e) {
                    events.add("stop " + name + " port closed");
                }
            }
        }
        try (LogCapture log = LogCapture.open()) {
            MemberServer m = MemberServer.start(config("--jgr-root-password=pw"),
                    List.of(new Recording("a", false), new Recording("b", true)), System.out);
            try (Connection c = connect(m, "root", "pw")) {
                assertThat(c.isValid(5)).isTrue(); // a failed plugin does not stop the member
            }
            m.close();
            assertThat(log.lines()).anyMatch(l -> l.contains("[ERROR] [MY-010202] [Server] Plugin 'b' init function returned error."));
        }
        assertThat(events).containsExactly("start a port open", "start b port open", "stop b port open", "stop a port open");
    }

    @Test
    void aPortInUseAbortsTheStartAndClosesWhatWasOpened() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")); LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> MemberServer.start(config("--port=" + taken.getLocalPort()), List.of(), System.out))
                    .isInstanceOf(MemberServer.StartException.class);
            assertThat(log.lines()).anyMatch(l -> l.contains("[ERROR] [MY-010119] [Server] Aborting"));
        }
        // The engine was closed: the datadir opens again.
        try (MemberServer m = MemberServer.start(config(), List.of(), System.out)) {
            assertThat(m.port()).isPositive();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ALTER INSTANCE RELOAD TLS | 1227 | Access denied; you need (at least one of) the SUPER privilege(s) for this operation",
        "SHUTDOWN | 1227 | Access denied; you need (at least one of) the SUPER privilege(s) for this operation",
        "RESET PERSIST | 1227 | Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation",
    })
    void memberStatementsNeedTheirPrivilege(String sql, int code, String text) throws Exception {
        try (MemberServer m = MemberServer.start(config("--jgr-root-password=pw"), List.of(), System.out)) {
            try (Connection c = connect(m, "root", "pw"); Statement s = c.createStatement()) {
                s.execute("CREATE USER 'u'@'%' IDENTIFIED BY 'u-pw'");
            }
            try (Connection c = connect(m, "u", "u-pw"); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class).hasMessage(text)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(code));
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RESET PERSIST max_connections | 3615 | Variable max_connections does not exist in persisted config file",
        "RESET PERSIST IF EXISTS max_connections | 0 | ",
        "RESET PERSIST | 0 | ",
        "ALTER INSTANCE RELOAD TLS | 0 | ",
    })
    void memberStatementsForRoot(String sql, int code, String text) throws Exception {
        try (MemberServer m = MemberServer.start(config("--jgr-root-password=pw"), List.of(), System.out);
                Connection c = connect(m, "root", "pw"); Statement s = c.createStatement()) {
            if (code == 0) {
                s.execute(sql);
            } else {
                assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class).hasMessage(text)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(code));
            }
        }
    }

    @Test
    void offlineModeEndsAndRefusesOrdinaryConnectionsNotThoseWithSuper() throws Exception {
        try (MemberServer m = MemberServer.start(config("--jgr-root-password=pw"), List.of(), System.out);
                Connection root = connect(m, "root", "pw"); Statement rs = root.createStatement()) {
            rs.execute("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'");
            try (Connection app = connect(m, "app", "app-pw"); Statement as = app.createStatement()) {
                assertThatThrownBy(() -> as.execute("SET GLOBAL offline_mode = ON")).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1227));
                as.execute("SELECT 1");

                rs.execute("SET GLOBAL offline_mode = ON");
                assertThatThrownBy(() -> as.execute("SELECT 1")).isInstanceOf(SQLException.class); // its connection ended
            }
            assertThatThrownBy(() -> connect(m, "app", "app-pw")).isInstanceOf(SQLException.class)
                    .hasMessage("The server is currently in offline mode").satisfies(e -> {
                        assertThat(((SQLException) e).getErrorCode()).isEqualTo(3032);
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("HY000");
                    });
            try (Connection again = connect(m, "root", "pw")) {
                assertThat(again.isValid(5)).isTrue(); // SUPER
            }
            rs.execute("SELECT 1");

            rs.execute("SET GLOBAL offline_mode = OFF");
            try (Connection app = connect(m, "app", "app-pw")) {
                assertThat(app.isValid(5)).isTrue();
            }
        }
    }
}
