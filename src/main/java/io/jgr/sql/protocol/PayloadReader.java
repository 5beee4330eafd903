package io.jgr.sql.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one packet payload. A read past the end throws {@link MalformedPacketException}, so a
 * truncated or hostile packet ends in MySQL's "bad packet" error rather than a stray exception.
 */
public final class PayloadReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    public PayloadReader(byte[] payload) {
        this(payload, 0, payload.length);
    }

    public PayloadReader(byte[] payload, int offset, int length) {
        this.buf = payload;
        this.pos = offset;
        this.end = offset + length;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new MalformedPacketException("packet too short: need " + n + " bytes at " + pos);
        }
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasMore() {
        return pos < end;
    }

    public int position() {
        return pos;
    }

    public int peek() {
        need(1);
        return buf[pos] & 0xFF;
    }

    public int int1() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int int2() {
        return (int) fixed(2);
    }

    public int int3() {
        return (int) fixed(3);
    }

    public long int4() {
        return fixed(4);
    }

    public long int8() {
        return fixed(8);
    }

    private long fixed(int bytes) {
        need(bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (buf[pos++] & 0xFF) << (8 * i);
        }
        return v;
    }

    /** A length-encoded integer (unsigned 64-bit in a long); 0xFB (NULL) is refused here. */
    public long lenenc() {
        int first = int1();
        if (first < 0xFB) {
            return first;
        }
        return switch (first) {
            case 0xFC -> int2();
            case 0xFD -> int3();
            case 0xFE -> int8();
            default -> throw new MalformedPacketException("not a length-encoded integer: 0x" + Integer.toHexString(first));
        };
    }

    public byte[] lenencBytes() {
        long n = lenenc();
        if (n > remaining()) {
            throw new MalformedPacketException("length " + n + " runs past the packet");
        }
        return bytes((int) n);
    }

    public String lenencString() {
        return new String(lenencBytes(), StandardCharsets.UTF_8);
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    /** A NUL-terminated string; a missing NUL takes the rest of the packet (as libmysql tolerates). */
    public String nulString() {
        int start = pos;
        while (pos < end && buf[pos] != 0) {
            pos++;
        }
        String s = new String(buf, start, pos - start, StandardCharsets.UTF_8);
        if (pos < end) {
            pos++;
        }
        return s;
    }

    public byte[] rest() {
        return bytes(remaining());
    }

    public String restString() {
        return new String(rest(), StandardCharsets.UTF_8);
    }
}
