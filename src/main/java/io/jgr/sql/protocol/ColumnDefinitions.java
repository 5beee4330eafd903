package io.jgr.sql.protocol;

import io.jgr.sql.engine.Column;

/** Protocol::ColumnDefinition41 from the engine's {@link Column}. */
public final class ColumnDefinitions {
    private ColumnDefinitions() {
    }

    public static PayloadWriter encode(Column c) {
        return encode(c, false);
    }

    /**
     * @param fieldList COM_FIELD_LIST answers carry one more field, the default value (sent as NULL:
     *                  no client relies on it)
     */
    public static PayloadWriter encode(Column c, boolean fieldList) {
        PayloadWriter w = new PayloadWriter(64);
        w.lenencString("def")
                .lenencString(nz(c.schema()))
                .lenencString(nz(c.table()))
                .lenencString(nz(c.orgTable()))
                .lenencString(nz(c.name()))
                .lenencString(nz(c.orgName()))
                .lenenc(0x0C)
                .int2(c.charset())
                .int4(Math.min(c.length(), 0xFFFFFFFFL))
                .int1(c.type().code())
                .int2(c.flags())
                .int1(c.decimals())
                .int2(0);
        if (fieldList) {
            w.nullValue();
        }
        return w;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
