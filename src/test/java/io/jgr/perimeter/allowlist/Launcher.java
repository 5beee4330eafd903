package io.jgr.perimeter.allowlist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged launcher (or another command) as a process, bounded in time, and collects its output. */
final class Launcher {
    record Result(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    private Launcher() {
    }

    static Path projectDir() {
        return Path.of(System.getProperty("jgr.project.dir", System.getProperty("user.dir")));
    }

    /** {@code bin/jgr args…} from the project directory. */
    static List<String> binJgr(String... args) {
        List<String> command = new ArrayList<>(List.of(projectDir().resolve("bin/jgr").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code java -jar target/jgr.jar args…}. */
    static List<String> javaJar(String... args) {
        String jar = System.getProperty("jgr.jar", projectDir().resolve("target/jgr.jar").toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        return command;
    }

    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        File out = Files.createTempFile("jgr-out", ".txt").toFile();
        File err = Files.createTempFile("jgr-err", ".txt").toFile();
        try {
            Process p = new ProcessBuilder(command).directory(projectDir().toFile())
                    .redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
