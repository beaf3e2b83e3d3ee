package dev.plumbline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {
    @Test
    void each_database_is_new_and_empty() throws Exception {
        TestPostgres.Db first = TestPostgres.get().newDatabase("first");
        TestPostgres.Db second = TestPostgres.get().newDatabase("second");
        execute(first, "CREATE TABLE marker (id INTEGER)");

        assertThat(first.name()).isNotEqualTo(second.name());
        assertThat(query(second, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'"))
                .isEqualTo("0");
    }

    @Test
    void the_server_listens_on_loopback_only_and_has_no_unix_socket() throws Exception {
        TestPostgres.Db db = TestPostgres.get().newDatabase("settings");

        assertThat(db.url()).startsWith("jdbc:postgresql://127.0.0.1:" + TestPostgres.get().port() + "/");
        assertThat(query(db, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(query(db, "SHOW unix_socket_directories")).isEmpty();
        assertThat(query(db, "SHOW password_encryption")).isEqualTo("scram-sha-256");
    }

    @Test
    void a_wrong_password_is_refused() {
        TestPostgres.Db db = TestPostgres.get().newDatabase("auth");

        assertThatThrownBy(
                () -> DriverManager.getConnection(db.url(), db.user(), "not-the-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    private static void execute(TestPostgres.Db db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(TestPostgres.Db db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
