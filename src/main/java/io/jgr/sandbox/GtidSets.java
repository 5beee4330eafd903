package io.jgr.sandbox;

/** Counting the transactions of a GTID set ({@code uuid:1-5:7,uuid2:1-3}), for the lag column. */
public final class GtidSets {
    private GtidSets() {
    }

    /** The number of transactions in the set; -1 if it cannot be read. */
    public static long count(String set) {
        if (set == null) {
            return -1;
        }
        String s = set.replaceAll("\\s", "");
        if (s.isEmpty()) {
            return 0;
        }
        long total = 0;
        try {
            for (String uuidPart : s.split(",")) {
                String[] parts = uuidPart.split(":");
                for (int i = 1; i < parts.length; i++) {
                    if (parts[i].isEmpty() || !Character.isDigit(parts[i].charAt(0))) {
                        continue;   // a tag (MySQL 8.3+), not an interval
                    }
                    int dash = parts[i].indexOf('-');
                    total += dash < 0 ? 1 : Long.parseLong(parts[i].substring(dash + 1)) - Long.parseLong(parts[i].substring(0, dash)) + 1;
                }
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return total;
    }
}
