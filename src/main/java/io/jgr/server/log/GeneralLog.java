package io.jgr.server.log;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The general query log in MySQL 8's file format: a header when the file is opened, then one line
 * per command, {@code <timestamp>\t<id padded to 5> <Command>\t<argument>}. Statements pass through
 * {@link PasswordMasker} first, so no password reaches the file. Writing is off until
 * {@link #configure} turns it on (general_log=ON with FILE in log_output); the system-variable
 * registry calls it when those variables change.
 */
public final class GeneralLog implements AutoCloseable {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneId.systemDefault());

    private final String program;
    private final String version;
    private final String versionComment;
    private final int port;
    private Writer out;
    private Path file;
    private boolean utc = true;

    /** {@code program}, {@code version}, {@code versionComment} and {@code port} appear in the header, as mysqld's do. */
    public GeneralLog(String program, String version, String versionComment, int port) {
        this.program = program;
        this.version = version;
        this.versionComment = versionComment;
        this.port = port;
    }

    /** Opens {@code file} when {@code on} (closing a previous one), or closes the log. */
    public synchronized void configure(boolean on, Path newFile, boolean utcTimestamps) throws IOException {
        utc = utcTimestamps;
        if (on && out != null && newFile.equals(file)) {
            return;
        }
        closeFile();
        if (!on) {
            return;
        }
        if (newFile.getParent() != null) {
            Files.createDirectories(newFile.getParent());
        }
        out = Files.newBufferedWriter(newFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        file = newFile;
        out.write(program + ", Version: " + version + " (" + versionComment + "). started with:\n"
                + "Tcp port: " + port + "  Unix socket: \n"
                + "Time                 Id Command    Argument\n");
        out.flush();
    }

    public synchronized boolean enabled() {
        return out != null;
    }

    public synchronized Path file() {
        return file;
    }

    /** A client logged in: {@code user@host on db using SSL/TLS|TCP/IP}. */
    public void connect(long connectionId, String user, String host, String database, boolean tls) {
        write(connectionId, "Connect", user + "@" + host + " on " + (database == null ? "" : database)
                + " using " + (tls ? "SSL/TLS" : "TCP/IP"));
    }

    /** COM_QUERY: the statement, passwords masked. */
    public void statement(long connectionId, String sql) {
        statement(connectionId, sql, false);
    }

    /** COM_QUERY under a sql_mode with NO_BACKSLASH_ESCAPES when {@code noBackslashEscapes}. */
    public void statement(long connectionId, String sql, boolean noBackslashEscapes) {
        if (enabled()) {
            write(connectionId, "Query", PasswordMasker.mask(sql, noBackslashEscapes));
        }
    }

    /**
     * Another command ({@code Init DB}, {@code Prepare}, {@code Execute}, {@code Close stmt},
     * {@code Field List}, {@code Ping}, {@code Statistics}, {@code Reset stmt}, {@code Reset Connection});
     * the argument is masked like a statement.
     */
    public void command(long connectionId, String command, String argument) {
        if (enabled()) {
            write(connectionId, command, PasswordMasker.mask(argument == null ? "" : argument));
        }
    }

    public void quit(long connectionId) {
        write(connectionId, "Quit", "");
    }

    private synchronized void write(long connectionId, String command, String argument) {
        if (out == null) {
            return;
        }
        Instant now = Instant.now();
        String line = (utc ? UTC : LOCAL).format(now) + "\t" + String.format(Locale.ROOT, "%5d ", connectionId)
                + command + "\t" + argument + "\n";
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            ErrorLog.write(LogLevel.ERROR, "MY-011071", "Server",
                    "Could not write to the general log " + file + ": " + e.getMessage() + "; turning it off");
            closeFile();
        }
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing more to do: the log is being closed
            }
            out = null;
            file = null;
        }
    }

    @Override
    public synchronized void close() {
        closeFile();
    }
}
