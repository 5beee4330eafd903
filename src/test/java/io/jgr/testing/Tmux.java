package io.jgr.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A detached tmux session on a private server socket, driven by send-keys and read by capture-pane. */
public final class Tmux implements AutoCloseable {
    private final String socket;

    private Tmux(String socket) {
        this.socket = socket;
    }

    public static Tmux start(String shellCommand) throws IOException, InterruptedException {
        ExternalTools.require("tmux");
        Tmux t = new Tmux("jgr-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        t.tmux("new-session", "-d", "-s", "cli", "-x", "200", "-y", "60", shellCommand);
        return t;
    }

    public void type(String line) throws IOException, InterruptedException {
        // tmux reads a trailing ';' as its own command separator unless escaped
        tmux("send-keys", "-t", "cli", "-l", line.endsWith(";") ? line.substring(0, line.length() - 1) + "\\;" : line);
        tmux("send-keys", "-t", "cli", "Enter");
    }

    public String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "cli");
    }

    /** Polls the screen at most 300 times, 50 ms apart. */
    public void waitFor(String text) throws IOException, InterruptedException {
        String last = "";
        for (int i = 0; i < 300; i++) {
            last = screen();
            if (last.contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("'" + text + "' never appeared; screen:\n" + last);
    }

    /** Waits (at most 300 polls, 50 ms apart) for the program in the session to exit, which ends the session. */
    public void waitForExit() throws IOException, InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (ExternalTools.run(List.of("tmux", "-L", socket, "has-session", "-t", "cli"), null).exit() != 0) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the program in tmux did not exit");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        ExternalTools.Outcome r = ExternalTools.run(cmd, null);
        if (r.exit() != 0) {
            throw new IOException("tmux " + args[0] + " failed: " + r.stderr());
        }
        return r.stdout();
    }

    @Override
    public void close() throws IOException {
        try {
            ExternalTools.run(List.of("tmux", "-L", socket, "kill-server"), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
