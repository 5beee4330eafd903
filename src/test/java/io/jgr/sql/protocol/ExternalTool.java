package io.jgr.sql.protocol;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs Debian tools (mariadb, tmux) with a time bound; skips without them unless CI=true. */
final class ExternalTool {
    private ExternalTool() {
    }

    static void require(String tool) {
        boolean present = List.of("/usr/bin/", "/bin/", "/usr/local/bin/").stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir + tool)));
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                fail(tool + " is required under CI=true");
            }
            Assumptions.abort(tool + " is not installed; skipping");
        }
    }

    record Outcome(int exit, String stdout, String stderr) {
    }

    static Outcome run(List<String> command, String stdin) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jgr-tool", ".out");
        Path err = Files.createTempFile("jgr-tool", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + command.get(0));
            }
            // Lenient decoding: a client may print raw binary column bytes.
            return new Outcome(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
