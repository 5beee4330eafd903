package io.jgr.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs Debian tools (mariadb, sysbench, tmux) with a time bound; a missing tool skips the test unless CI=true. */
public final class ExternalTools {
    private ExternalTools() {
    }

    /** Skips the calling test when {@code tool} is not installed; fails instead under CI=true. */
    public static void require(String tool) {
        boolean present = List.of("/usr/bin/", "/bin/", "/usr/local/bin/").stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir + tool)));
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                fail(tool + " is required under CI=true");
            }
            Assumptions.abort(tool + " is not installed; skipping");
        }
    }

    public record Outcome(int exit, String stdout, String stderr) {
    }

    public static Outcome run(List<String> command, String stdin) throws IOException, InterruptedException {
        return run(command, stdin, Duration.ofSeconds(60));
    }

    /** Runs to completion within {@code limit} (then killed and the test fails). */
    public static Outcome run(List<String> command, String stdin, Duration limit) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jgr-tool", ".out");
        Path err = Files.createTempFile("jgr-tool", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("timed out after " + limit + ": " + command.get(0));
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1).transform(ExternalTools::utf8),
                    Files.readString(err, StandardCharsets.ISO_8859_1).transform(ExternalTools::utf8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Lenient decoding: a client may print raw binary column bytes. */
    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
