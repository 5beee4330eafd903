package io.jgr.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ErrorLogTest {
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

    @Test
    void gcsLinesUseMysqlFormatAndEnvelope() {
        try (LogCapture log = LogCapture.open()) {
            ErrorLog.gcs(LogLevel.WARNING, "Connection attempt from IP address ::ffff:127.0.0.4 refused.");
            assertThat(log.lines()).singleElement().asString().matches(TIMESTAMP
                    + " 0 \\[Warning\\] \\[MY-011735\\] \\[Repl\\] Plugin group_replication reported: "
                    + "'\\[GCS\\] Connection attempt from IP address ::ffff:127\\.0\\.0\\.4 refused\\.'");
        }
    }

    @Test
    void serverLinesCarryTheirCodeAndSubsystem() {
        try (LogCapture log = LogCapture.open()) {
            ErrorLog.write(LogLevel.SYSTEM, "MY-010931", "Server", "ready for connections.");
            ErrorLog.write(LogLevel.ERROR, "MY-011640", "Repl", "boom");
            assertThat(log.lines()).hasSize(2);
            assertThat(log.lines().get(0)).matches(TIMESTAMP + " 0 \\[System\\] \\[MY-010931\\] \\[Server\\] ready for connections\\.");
            assertThat(log.lines().get(1)).contains(" [ERROR] [MY-011640] [Repl] boom");
        }
    }

    @Test
    void libraryLinesAreMarkedWithTheirSource() {
        try (LogCapture log = LogCapture.open()) {
            LoggerFactory.getLogger("org.jgroups.protocols.TCP").warn("peer gone");
            assertThat(log.lines()).singleElement().asString()
                    .endsWith(" [Warning] [MY-010000] [Server] [TCP] peer gone");
        }
    }
}
