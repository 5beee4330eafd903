package io.jgr.sql.protocol;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.Result;
import java.io.IOException;
import java.util.List;

/**
 * Writes result sets: column count, column definitions, (EOF), rows in the text or the binary
 * encoding, then EOF (or, under DEPRECATE_EOF, an OK packet with the EOF header).
 */
final class ResultSetWriter {
    private final PacketChannel channel;
    private final boolean deprecateEof;
    private final PayloadWriter row = new PayloadWriter(256);

    ResultSetWriter(PacketChannel channel, boolean deprecateEof) {
        this.channel = channel;
        this.deprecateEof = deprecateEof;
    }

    void write(Result.Rows rows, boolean binary, int status, int warnings) throws IOException {
        List<Column> columns = rows.columns();
        channel.write(new PayloadWriter(9).lenenc(columns.size()));
        writeDefinitions(columns, status, warnings);
        for (Object[] values : rows.rows()) {
            row.reset();
            if (binary) {
                binaryRow(columns, values);
            } else {
                textRow(columns, values);
            }
            channel.write(row);
        }
        end(status, warnings);
    }

    /** Column (or parameter) definitions followed by the EOF the classic protocol puts after them. */
    void writeDefinitions(List<Column> columns, int status, int warnings) throws IOException {
        for (Column c : columns) {
            channel.write(ColumnDefinitions.encode(c));
        }
        if (!deprecateEof) {
            channel.write(Responses.eof(status, warnings));
        }
    }

    void end(int status, int warnings) throws IOException {
        channel.write(deprecateEof ? Responses.okAsEof(status, warnings) : Responses.eof(status, warnings));
    }

    private void textRow(List<Column> columns, Object[] values) {
        for (int i = 0; i < columns.size(); i++) {
            Object v = values[i];
            if (v == null) {
                row.nullValue();
            } else {
                row.lenencBytes(TextValues.encode(v, columns.get(i)));
            }
        }
    }

    /** 0x00, a NULL bitmap with a 2-bit offset, then the non-NULL values. */
    private void binaryRow(List<Column> columns, Object[] values) {
        int n = columns.size();
        row.int1(0);
        int bitmap = row.length();
        row.zeros((n + 7 + 2) / 8);
        for (int i = 0; i < n; i++) {
            if (values[i] == null) {
                row.setBit(bitmap, i + 2);
            }
        }
        for (int i = 0; i < n; i++) {
            if (values[i] != null) {
                BinaryValues.write(row, columns.get(i).type(), values[i]);
            }
        }
    }
}
