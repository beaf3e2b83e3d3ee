package dev.plumbline.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Whether a store server can be reached and logged into, without touching its schema: one connection, opened
 * and closed, within seconds. For {@code doctor}.
 */
public final class ServerProbe {
    private static final String CONNECT_SECONDS = "5";

    private ServerProbe() {
    }

    /**
     * The server's product and version ("PostgreSQL 15.18"). The failure names the URL without its parameters,
     * and never the password.
     */
    public static String version(String jdbcUrl, String user, String password) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, doctorLogin(user, password))) {
            DatabaseMetaData meta = c.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            String message = "connecting to " + Database.withoutSettings(jdbcUrl) + " as " + user + ": "
                    + e.getMessage();
            throw new StoreException(Database.redacted(message, password), e);
        }
    }

    /** How {@code doctor} logs into a server: the user, the password if any, short timeouts, and its name. */
    static Properties doctorLogin(String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", CONNECT_SECONDS);
        props.setProperty("loginTimeout", CONNECT_SECONDS);
        props.setProperty("ApplicationName", "plumbline doctor");
        return props;
    }
}
