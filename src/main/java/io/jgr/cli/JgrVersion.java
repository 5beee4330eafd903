package io.jgr.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code jgr --version}: the jar's, and the MySQL version it speaks. */
public final class JgrVersion implements IVersionProvider {
    /** The MySQL server version jgr reports to clients and in its log. */
    public static final String MYSQL_VERSION = "8.0.36";

    @Override
    public String[] getVersion() {
        String jar = Main.class.getPackage().getImplementationVersion();
        return new String[] {"jgr " + (jar == null ? "dev" : jar) + " (MySQL " + MYSQL_VERSION + " compatible)"};
    }
}
