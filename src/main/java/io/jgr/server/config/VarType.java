package io.jgr.server.config;

/** The value type of a system variable; it decides which SET values are accepted and how they show. */
public enum VarType {
    /** ON/OFF; {@code @@x} gives 1/0, SHOW VARIABLES gives ON/OFF. */
    BOOL,
    /** A signed 64-bit integer within [min, max]. */
    INT,
    /** An unsigned integer within [min, max] (max at most Long.MAX_VALUE). */
    ULONG,
    /** One word of a fixed list (case-insensitive), or its index. */
    ENUM,
    /** A comma-separated subset of a fixed list, shown in list order (e.g. sql_mode, log_output). */
    SET,
    /** Free text (may be NULL when the variable allows it). */
    STRING
}
