package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {
    private static final String SECRET = "pg-s3cr3t-VALUE";

    @TempDir
    Path dir;

    @Test
    void without_a_store_section_the_store_is_the_h2_file_in_the_data_dir() {
        assertThat(load(yaml("data_dir: /d")).store()).isNull();
        assertThat(load(yaml("data_dir: /d", "store:")).store()).isNull();
    }

    @Test
    void every_store_field_is_read_and_the_password_file_follows_the_config_file() {
        DaemonConfig c = load(yaml("data_dir: /d", "store:",
                "  url: jdbc:postgresql://db.example.com:5432/plumbline?sslmode=verify-full",
                "  user: plumbline",
                "  password_file: secrets/db-password",
                "  pool_size: 20"));

        assertThat(c.store()).isEqualTo(new StoreConfig(dir.resolve("config.yaml").toString(),
                "jdbc:postgresql://db.example.com:5432/plumbline?sslmode=verify-full", "plumbline", null,
                dir.resolve("secrets/db-password"), 20));
        assertThat(c.store().server()).isEqualTo("jdbc:postgresql://db.example.com:5432/plumbline");
    }

    @Test
    void the_pool_size_has_a_default_and_several_hosts_may_be_named() {
        StoreConfig s = load(yaml("data_dir: /d", "store:",
                "  url: 'jdbc:postgresql://db1:5432,db2,[::1]:6432/plumbline'", "  user: plumbline",
                "  password_env: PLUMBLINE_DB_PASSWORD")).store();

        assertThat(s.poolSize()).isEqualTo(StoreConfig.DEFAULT_POOL_SIZE);
        assertThat(s.passwordEnv()).isEqualTo("PLUMBLINE_DB_PASSWORD");
        assertThat(s.passwordFile()).isNull();
    }

    @Test
    void the_password_is_read_from_the_variable_or_the_file_when_asked_for() throws Exception {
        StoreConfig fromEnv = store("password_env: DB_PASSWORD");
        assertThat(fromEnv.password(Map.of("DB_PASSWORD", SECRET))).isEqualTo(SECRET);

        Files.writeString(dir.resolve("db-password"), SECRET + "\n");
        assertThat(store("password_file: db-password").password(Map.of())).isEqualTo(SECRET);
        assertThat(store("pool_size: 5").password(Map.of())).as("neither named").isNull();
    }

    @Test
    void a_password_that_cannot_be_read_names_the_file_the_field_and_the_reference_only() throws Exception {
        Path config = dir.resolve("config.yaml");
        assertThatThrownBy(() -> store("password_env: DB_PASSWORD").password(Map.of()))
                .isInstanceOf(CredentialsException.class)
                .hasMessage("reading the store password: " + config + ": store.password_env: environment variable "
                        + "DB_PASSWORD is not set");
        assertThatThrownBy(() -> store("password_env: DB_PASSWORD").password(Map.of("DB_PASSWORD", "")))
                .hasMessageEndingWith("environment variable DB_PASSWORD is empty");
        assertThatThrownBy(() -> store("password_file: missing").password(Map.of()))
                .hasMessage("reading the store password: " + config + ": store.password_file: password file "
                        + dir.resolve("missing") + " does not exist or is not a regular file");
        Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> store("password_file: empty").password(Map.of()))
                .hasMessageEndingWith("password file " + dir.resolve("empty") + " is empty");
    }

    @Test
    void an_inline_password_is_refused_without_repeating_it() {
        ConfigException e = failure(yaml("data_dir: /d", "store:", "  url: jdbc:postgresql://db/plumbline",
                "  user: plumbline", "  password: " + SECRET));

        assertThat(e.problems()).containsExactly("store.password: a secret must not be written in the config: put "
                + "it in an environment variable or a file and name that with password_env or password_file");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void a_password_or_user_in_the_url_is_refused_without_repeating_it() {
        for (String url : new String[] {"jdbc:postgresql://db/plumbline?sslmode=require&password=" + SECRET,
                "jdbc:postgresql://plumbline:" + SECRET + "@db/plumbline"}) {
            ConfigException e = failure(yaml("data_dir: /d", "store:", "  url: '" + url + "'", "  user: plumbline"));

            assertThat(e.problems()).as(url).singleElement().asString().startsWith("store.url: must not hold");
            assertThat(e.getMessage()).doesNotContain(SECRET);
        }
        assertThat(failure(yaml("data_dir: /d", "store:", "  url: 'jdbc:postgresql://db/plumbline?user=other'",
                "  user: plumbline")).problems()).containsExactly("store.url: must not name the user: that is "
                + "store.user");
    }

    @Test
    void only_postgresql_urls_are_accepted() {
        assertThat(failure(yaml("data_dir: /d", "store:", "  url: 'jdbc:h2:/var/lib/plumbline/plumbline'",
                "  user: sa")).problems()).singleElement().asString()
                .startsWith("store.url: must be a PostgreSQL URL like jdbc:postgresql://")
                .endsWith("the embedded H2 database is the default: leave the store section out to use it");
        assertThat(failure(yaml("data_dir: /d", "store:", "  url: 'jdbc:postgresql://db:99999/plumbline'",
                "  user: u")).problems()).singleElement().asString().startsWith("store.url: names no valid host");
        assertThat(failure(yaml("data_dir: /d", "store:", "  url: 'jdbc:postgresql://db:5432'", "  user: u"))
                .problems()).singleElement().asString().startsWith("store.url: must end in /<database>");
    }

    @Test
    void every_missing_or_bad_store_field_is_named() {
        ConfigException e = failure(yaml("data_dir: /d", "store:", "  password_env: 1-PASSWORD",
                "  password_file: /p", "  pool_size: 1", "  pooll_size: 3"));

        assertThat(e.problems()).contains(
                "store.url: must be set: a jdbc:postgresql://host:port/database URL",
                "store.user: must be set: the PostgreSQL role the daemon logs in as",
                "store: set only one of password_env and password_file",
                "store.pool_size: must be between 2 and 1000 (the scheduler needs a connection beside the runs'), "
                        + "got 1");
        assertThat(e.problems()).anyMatch(p -> p.startsWith("store.password_env: must be an environment variable"))
                .anyMatch(p -> p.startsWith("store.pooll_size: "));
    }

    private StoreConfig store(String passwordLine) {
        return load(yaml("data_dir: /d", "store:", "  url: jdbc:postgresql://db/plumbline", "  user: plumbline",
                "  " + passwordLine)).store();
    }

    private DaemonConfig load(String content) {
        return DaemonConfig.load(write(dir, "config.yaml", content));
    }

    private ConfigException failure(String content) {
        Path file = write(dir, "config.yaml", content);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        assertThat(e.getMessage().lines()).allMatch(l -> l.startsWith(file + ": "));
        return e;
    }
}
