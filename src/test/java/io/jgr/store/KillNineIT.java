package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL a writer mid-transaction: everything it committed is there after reopening, nothing uncommitted is. */
class KillNineIT {
    @TempDir
    Path dir;

    @Test
    void killedMidTransaction() throws Exception {
        int rows = 200;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                dir.toString(), Integer.toString(rows)).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean open = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.equals("OPEN")) {
                    open = true;
                    break;
                }
            }
            assertThat(open).as("writer reached its open transaction").isTrue();
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (EngineFixture f = new EngineFixture(dir); Session s = f.root()) {
            s.execute("USE crash");
            assertThat(EngineFixture.scalar(s, "SELECT COUNT(*) FROM t")).isEqualTo((long) rows);
            assertThat(EngineFixture.rows(s.execute("SELECT DISTINCT v FROM t"))).containsExactly(List.of("committed"));
        }
    }
}
