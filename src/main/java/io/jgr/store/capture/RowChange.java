package io.jgr.store.capture;

import java.util.List;

/**
 * One row written by a transaction, as the AFTER row trigger saw it. {@code before} is null for
 * an insert, {@code after} null for a delete; both are full row images in column order.
 *
 * @param primaryKey indexes into the images of the primary-key columns
 */
public record RowChange(String schema, String table, Kind kind, List<String> columns, int[] primaryKey,
                        Object[] before, Object[] after) {

    public enum Kind { INSERT, UPDATE, DELETE }
}
