package io.jgr.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file system for jgr's database ({@code jdbc:h2:jgrdirect:/datadir/jgr}): the ordinary disk files,
 * except that the database file H2 opens for writing is a {@link SwitchableDirectChannel}, so that
 * {@link #directWrites} can send its chunk writes past the page cache during a bulk load (distributed
 * recovery). The files and their names are those of {@code jdbc:h2:file:}.
 */
public final class DirectWritesFilePath extends FilePathWrapper {
    static final String SCHEME = "jgrdirect";
    private static final String DATABASE_SUFFIX = ".mv.db";

    /** The open database files by absolute path. */
    private static final Map<Path, SwitchableDirectChannel> OPEN = new ConcurrentHashMap<>();

    static {
        FilePath.register(new DirectWritesFilePath());
    }

    /** The JDBC URL prefix of a database at {@code base} (a path without H2's suffix). */
    static String url(Path base) {
        return "jdbc:h2:" + SCHEME + ":" + base.toAbsolutePath();
    }

    /**
     * Switches direct writes of the open database {@code base} (see {@link SwitchableDirectChannel#directWrites});
     * returns whether its writes now bypass the page cache (false when it is not open).
     */
    static boolean directWrites(Path base, boolean on) {
        SwitchableDirectChannel ch = OPEN.get(databaseFile(base));
        return ch != null && ch.directWrites(on);
    }

    /** Bytes of the open database {@code base} written past the page cache so far (0 when it is not open). */
    static long directBytes(Path base) {
        SwitchableDirectChannel ch = OPEN.get(databaseFile(base));
        return ch == null ? 0 : ch.directBytes();
    }

    private static Path databaseFile(Path base) {
        return base.toAbsolutePath().resolveSibling(base.getFileName() + DATABASE_SUFFIX);
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel ch = getBase().open(mode);
        String name = getBase().toString();
        if (mode.equals("r") || !name.endsWith(DATABASE_SUFFIX)) {
            return ch;
        }
        Path path = Path.of(name).toAbsolutePath();
        SwitchableDirectChannel s = new SwitchableDirectChannel(ch, path, closed -> OPEN.remove(path, closed));
        OPEN.put(path, s);
        return s;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
