package io.jgr.replication;

import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Row-image values in the classes H2 hands the capture trigger, each as a type tag and its bytes.
 * Anything else (intervals, arrays, time zones, which MySQL tables do not produce) is refused.
 */
final class ValueCodec {
    private ValueCodec() {
    }

    static void writeImage(DataOutput out, Object[] image) throws IOException {
        if (image == null) {
            out.writeShort(-1);
            return;
        }
        out.writeShort(image.length);
        for (Object v : image) {
            write(out, v);
        }
    }

    static Object[] readImage(DataInputStream in) throws IOException {
        int n = in.readShort();
        if (n < 0) {
            return null;
        }
        Object[] image = new Object[n];
        for (int i = 0; i < n; i++) {
            image[i] = read(in);
        }
        return image;
    }

    static void write(DataOutput out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(0);
        } else if (v instanceof Integer i) {
            out.writeByte(1);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(2);
            out.writeLong(l);
        } else if (v instanceof String s) {
            out.writeByte(3);
            writeString(out, s);
        } else if (v instanceof BigDecimal d) {
            out.writeByte(4);
            writeString(out, d.toString());
        } else if (v instanceof byte[] b) {
            out.writeByte(5);
            out.writeInt(b.length);
            out.write(b);
        } else if (v instanceof Boolean b) {
            out.writeByte(6);
            out.writeBoolean(b);
        } else if (v instanceof Double d) {
            out.writeByte(7);
            out.writeDouble(d);
        } else if (v instanceof Float f) {
            out.writeByte(8);
            out.writeFloat(f);
        } else if (v instanceof Short s) {
            out.writeByte(9);
            out.writeShort(s);
        } else if (v instanceof Byte b) {
            out.writeByte(10);
            out.writeByte(b);
        } else if (v instanceof LocalDate d) {
            out.writeByte(11);
            out.writeLong(d.toEpochDay());
        } else if (v instanceof LocalDateTime t) {
            out.writeByte(12);
            out.writeLong(t.toLocalDate().toEpochDay());
            out.writeLong(t.toLocalTime().toNanoOfDay());
        } else if (v instanceof LocalTime t) {
            out.writeByte(13);
            out.writeLong(t.toNanoOfDay());
        } else if (v instanceof BigInteger b) {
            out.writeByte(14);
            writeString(out, b.toString());
        } else {
            // never Java serialization: a member must not deserialize arbitrary classes from the network
            throw new IOException("cannot replicate a value of " + v.getClass().getName());
        }
    }

    static Object read(DataInputStream in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> in.readInt();
            case 2 -> in.readLong();
            case 3 -> readString(in);
            case 4 -> new BigDecimal(readString(in));
            case 5 -> {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                yield b;
            }
            case 6 -> in.readBoolean();
            case 7 -> in.readDouble();
            case 8 -> in.readFloat();
            case 9 -> in.readShort();
            case 10 -> in.readByte();
            case 11 -> LocalDate.ofEpochDay(in.readLong());
            case 12 -> LocalDateTime.of(LocalDate.ofEpochDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong()));
            case 13 -> LocalTime.ofNanoOfDay(in.readLong());
            case 14 -> new BigInteger(readString(in));
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    /** Strings of any length (writeUTF stops at 64 KB). */
    static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
