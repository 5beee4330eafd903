package io.jgr.sql.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Parses a comma-separated list of SQL literals as clients send them: 'strings' with '' and backslash escapes, x'hex', numbers, NULL. */
final class Literals {
    private Literals() {
    }

    static List<Object> parse(String list) {
        List<Object> values = new ArrayList<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            char c = list.charAt(i);
            if (c == ' ' || c == ',') {
                i++;
            } else if (c == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n) {
                    char d = list.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        char e = list.charAt(i + 1);
                        b.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case '0' -> '\0';
                            case 'r' -> '\r';
                            default -> e;
                        });
                        i += 2;
                    } else if (d == '\'' && i + 1 < n && list.charAt(i + 1) == '\'') {
                        b.append('\'');
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else {
                        b.append(d);
                        i++;
                    }
                }
                values.add(b.toString());
            } else if ((c == 'x' || c == 'X') && i + 1 < n && list.charAt(i + 1) == '\'') {
                int end = list.indexOf('\'', i + 2);
                values.add(HexFormat.of().parseHex(list.substring(i + 2, end)));
                i = end + 1;
            } else {
                int end = list.indexOf(',', i);
                end = end < 0 ? n : end;
                String word = list.substring(i, end).trim();
                values.add(word.equalsIgnoreCase("null") ? null
                        : word.matches("-?\\d+") ? (Object) Long.parseLong(word) : new BigDecimal(word));
                i = end;
            }
        }
        return values;
    }
}
