package io.jgr.sandbox;

import java.util.ArrayList;
import java.util.List;

/** {@code jgr status} output: a table and the verdict, or JSON for scripts. */
public final class StatusReport {
    private static final int BAR = 20;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

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
        try {
            return JSON.writeValueAsString(status);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status as JSON", e);
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
