package io.jgr.store;

import java.sql.ResultSet;
import java.sql.Statement;

/** What H2 has written to an engine's database file so far: tests and benches compare it before and after. */
public final class H2FileWrites {
    private H2FileWrites() {
    }

    public static long bytesWritten(H2Engine engine) throws Exception {
        try (H2Session h2 = engine.openApplierSession(); Statement st = h2.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_WRITE_BYTES'")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }

    /** Bytes of the database file written past the page cache (O_DIRECT) so far. */
    public static long directBytesWritten(H2Engine engine) {
        return engine.directBytes();
    }
}
