package dev.plumbline.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * How the notification outbox of a store stands, read without opening the store: no migration, no plan key, nothing
 * created. For {@code doctor}, which must not change what it checks. Empty when there is no store yet, or when its
 * schema is older than the outbox.
 */
public final class NotificationProbe {

    private NotificationProbe() {
    }

    /** The H2 file {@code <dbFile>.mv.db} as {@link Database#open} names it; empty when the file does not exist. */
    public static Optional<NotificationCounts> ofFile(Path dbFileWithoutSuffix, Instant givenUpSince) {
        Path file = Path.of(dbFileWithoutSuffix.toAbsolutePath().normalize() + ".mv.db");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        props.setProperty("user", Database.H2_USER);
        props.setProperty("password", "");
        return read(Database.h2Url(dbFileWithoutSuffix), props, file.toString(), null, givenUpSince);
    }

    /** A store on a server; the failure names the URL without its settings, and never the password. */
    public static Optional<NotificationCounts> ofServer(String jdbcUrl, String user, String password,
                                                        Instant givenUpSince) {
        return read(jdbcUrl, ServerProbe.doctorLogin(user, password), Database.withoutSettings(jdbcUrl) + " as " + user, password, givenUpSince);
    }

    private static Optional<NotificationCounts> read(String url, Properties props, String where, String password,
                                                     Instant givenUpSince) {
        try (Connection c = DriverManager.getConnection(url, props)) {
            c.setReadOnly(true);
            if (!hasOutbox(c)) {
                return Optional.empty();
            }
            return Optional.of(NotificationOutbox.counts(c, givenUpSince));
        } catch (SQLException e) {
            String message = "reading the notification outbox of " + where + ": " + e.getMessage();
            throw new StoreException(Database.redacted(message, password), e);
        }
    }

    private static boolean hasOutbox(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, "notification_outbox", null)) {
            return tables.next();
        }
    }
}
