package io.jgr.server.config;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * {@code auto.cnf} in the datadir: the server_uuid, generated on first start and kept for ever after,
 * in MySQL's format ({@code [auto]} / {@code server-uuid=...}).
 */
public final class ServerUuidFile {
    public static final String FILE_NAME = "auto.cnf";

    private ServerUuidFile() {
    }

    /** The datadir's server_uuid, generating and storing one (with MySQL's MY-010075 warning) if none. */
    public static String loadOrCreate(Path datadir) throws IOException {
        Path file = datadir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.trim();
                int eq = l.indexOf('=');
                if (eq > 0 && VarDef.normalize(l.substring(0, eq)).equals("server_uuid")) {
                    String uuid = l.substring(eq + 1).trim();
                    if (uuid.length() == 36 && Uuids.isValid(uuid)) {
                        return uuid;
                    }
                }
            }
            throw new IOException("The server_uuid stored in " + file + " is invalid. Please check if this is"
                    + " the correct file or remove it to generate a new one.");
        }
        String uuid = UUID.randomUUID().toString();
        ErrorLog.write(LogLevel.WARNING, "MY-010075", "Server", "No existing UUID has been found, so we assume that"
                + " this is the first time that this server has been started. Generating a new UUID: " + uuid + ".");
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(tmp, "[auto]\nserver-uuid=" + uuid + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return uuid;
    }
}
