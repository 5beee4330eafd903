package io.jgr.perimeter.allowlist;

/**
 * IP address literals read as glibc's {@code inet_pton} reads them and written as {@code inet_ntop}
 * writes them, so entries and log lines look exactly as in MySQL. Never touches DNS (unlike
 * {@code InetAddress.getByName}, which falls back to a lookup for text it cannot parse).
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** Four bytes for a strict dotted quad (no leading zeros, each octet 0..255), else null. */
    public static byte[] parseV4(String text) {
        return parseV4(text, 0, text.length());
    }

    private static byte[] parseV4(String text, int from, int to) {
        byte[] out = new byte[4];
        int octets = 0;
        int value = 0;
        boolean sawDigit = false;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                if (sawDigit && value == 0) {
                    return null; // leading zero: inet_pton refuses it
                }
                value = value * 10 + (ch - '0');
                if (value > 255) {
                    return null;
                }
                if (!sawDigit) {
                    if (++octets > 4) {
                        return null;
                    }
                    sawDigit = true;
                }
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return null;
                }
                out[octets - 1] = (byte) value;
                value = 0;
                sawDigit = false;
            } else {
                return null;
            }
        }
        if (octets < 4 || !sawDigit) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }

    /** Sixteen bytes for an IPv6 literal ({@code ::}, embedded dotted quad; no zone id), else null. */
    public static byte[] parseV6(String text) {
        int n = text.length();
        if (n < 2) {
            return null;
        }
        byte[] out = new byte[16];
        int tp = 0;
        int colonAt = -1;
        int i = 0;
        if (text.charAt(0) == ':') {
            if (text.charAt(1) != ':') {
                return null;
            }
            i = 1;
        }
        int tokenStart = i;
        boolean sawHex = false;
        int digits = 0;
        int value = 0;
        while (i < n) {
            char ch = text.charAt(i++);
            int hex = hexValue(ch);
            if (hex >= 0) {
                if (++digits > 4) {
                    return null;
                }
                value = (value << 4) | hex;
                sawHex = true;
                continue;
            }
            if (ch == ':') {
                tokenStart = i;
                if (!sawHex) {
                    if (colonAt >= 0) {
                        return null;
                    }
                    colonAt = tp;
                    continue;
                }
                if (i == n || tp + 2 > 16) {
                    return null;
                }
                out[tp++] = (byte) (value >> 8);
                out[tp++] = (byte) value;
                sawHex = false;
                digits = 0;
                value = 0;
                continue;
            }
            if (ch == '.' && tp + 4 <= 16) {
                byte[] v4 = parseV4(text, tokenStart, n);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, tp, 4);
                tp += 4;
                sawHex = false;
                break;
            }
            return null;
        }
        if (sawHex) {
            if (tp + 2 > 16) {
                return null;
            }
            out[tp++] = (byte) (value >> 8);
            out[tp++] = (byte) value;
        }
        if (colonAt >= 0) {
            if (tp == 16) {
                return null; // "::" must stand for at least one group
            }
            int moved = tp - colonAt;
            System.arraycopy(out, colonAt, out, 16 - moved, moved);
            java.util.Arrays.fill(out, colonAt, 16 - moved, (byte) 0);
            tp = 16;
        }
        return tp == 16 ? out : null;
    }

    private static int hexValue(char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return -1;
    }

    /** An IPv4 or IPv6 literal (tried in that order, as MySQL does), else null. */
    public static byte[] parse(String text) {
        byte[] v4 = parseV4(text);
        return v4 != null ? v4 : parseV6(text);
    }

    /** The address as {@code inet_ntop} prints it: dotted quad, or compressed lower-case IPv6. */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("not an IP address: " + address.length + " bytes");
        }
        int[] words = new int[8];
        for (int w = 0; w < 8; w++) {
            words[w] = ((address[2 * w] & 0xff) << 8) | (address[2 * w + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int w = 0; w < 8; ) {
            if (words[w] != 0) {
                w++;
                continue;
            }
            int start = w;
            while (w < 8 && words[w] == 0) {
                w++;
            }
            if (w - start > bestLen) {
                bestBase = start;
                bestLen = w - start;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder text = new StringBuilder(41);
        for (int w = 0; w < 8; w++) {
            if (bestBase >= 0 && w >= bestBase && w < bestBase + bestLen) {
                if (w == bestBase) {
                    text.append(':');
                }
                continue;
            }
            if (w != 0) {
                text.append(':');
            }
            // inet_ntop prints IPv4-compatible and IPv4-mapped addresses with a dotted quad.
            if (w == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
                text.append(address[12] & 0xff).append('.').append(address[13] & 0xff).append('.')
                        .append(address[14] & 0xff).append('.').append(address[15] & 0xff);
                return text.toString();
            }
            text.append(Integer.toHexString(words[w]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            text.append(':');
        }
        return text.toString();
    }
}
