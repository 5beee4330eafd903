package io.jgr.sql.protocol;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plaintext Connector/J connections for tests that do not exercise TLS. */
final class ConnectorJClientTestSupport {
    private ConnectorJClientTestSupport() {
    }

    static Connection plaintext(TestServer server, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
                + "/test?sslMode=DISABLED&allowPublicKeyRetrieval=false&connectTimeout=10000&socketTimeout=30000", p);
    }
}
