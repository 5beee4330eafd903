package io.jgr.store.catalog;

import java.util.concurrent.atomic.AtomicLong;

/**
 * MySQL names indexes per table, H2 per schema (two tables with {@code KEY k (v)} collide). The
 * H2 name carries a unique suffix that survives RENAME TABLE; MySQL's name is the part before it.
 */
public final class IndexNames {
    private static final String SEPARATOR = "__jgr_";
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis());

    private IndexNames() {
    }

    /** A fresh H2 name for MySQL's index name. */
    public static String h2Name(String mysqlName) {
        return mysqlName + SEPARATOR + Long.toString(IDS.incrementAndGet(), 36);
    }

    /** MySQL's name for an H2 index or constraint name. */
    public static String mysqlName(String h2Name) {
        int i = h2Name.lastIndexOf(SEPARATOR);
        return i > 0 ? h2Name.substring(0, i) : h2Name;
    }
}
