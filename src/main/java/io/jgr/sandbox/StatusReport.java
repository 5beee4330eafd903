package io.jgr.sandbox;

import java.util.ArrayList;
import java.util.List;

/** {@code jgr status} output: a table and the verdict, or JSON for scripts. */
public final class StatusReport {
    private static final int BAR = 20;

    private StatusReport() {
    }

    public static String table(GroupStatus status) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MEMBER", "HOST:PORT", "STATE", "ROLE", "TLS MODE", "APPLIED GTIDS", "LAG"});
        for (MemberStatus m : status.members()) {
            rows.add(new String[] {m.memberId(), m.endpoint(), m.state() + bar(m.recoveryProgress()), dash(m.role()),
                    dash(m.tlsMode()), dash(m.appliedGtids()), m.lag() == null ? "-" : Long.toString(m.lag())});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("Group ").append(status.groupName()).append(" as seen from ").append(status.viewpoint()).append('\n');
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(String.format("%-" + width[i] + "s", r[i])).append(i + 1 < r.length ? "  " : "");
            }
            b.append('\n');
        }
        b.append(status.verdict()).append('\n');
        return b.toString();
    }

    static String bar(Double progress) {
        if (progress == null) {
            return "";
        }
        int filled = (int) Math.round(progress * BAR);
        return " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + Math.round(progress * 100) + "%";
    }

    public static String json(GroupStatus status) {
        StringBuilder b = new StringBuilder("{\"viewpoint\":").append(str(status.viewpoint()))
                .append(",\"groupName\":").append(str(status.groupName()))
                .append(",\"quorum\":").append(status.quorum())
                .append(",\"verdict\":").append(str(status.verdict()))
                .append(",\"members\":[");
        for (int i = 0; i < status.members().size(); i++) {
            MemberStatus m = status.members().get(i);
            b.append(i == 0 ? "" : ",").append("{\"memberId\":").append(str(m.memberId()))
                    .append(",\"endpoint\":").append(str(m.endpoint()))
                    .append(",\"state\":").append(str(m.state()))
                    .append(",\"role\":").append(str(m.role()))
                    .append(",\"tlsMode\":").append(str(m.tlsMode()))
                    .append(",\"appliedGtids\":").append(str(m.appliedGtids()))
                    .append(",\"lag\":").append(m.lag() == null ? "null" : m.lag().toString())
                    .append(",\"recoveryProgress\":").append(m.recoveryProgress() == null ? "null" : m.recoveryProgress().toString())
                    .append('}');
        }
        return b.append("]}").toString();
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
