package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlansTest extends OnEachStore {
    @Test
    void a_planfile_round_trips_with_the_sha256_of_its_plaintext() throws Exception {
        byte[] planfile = planfileWith("db_password = hunter2");
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.plans().save(runId, planfile, "{\"password\":\"(sensitive)\"}", "~ aws_db_instance.main");

            StoredPlan plan = db.plans().find(runId).orElseThrow();
            assertThat(plan.planfile()).isEqualTo(planfile);
            assertThat(plan.sha256()).isEqualTo(sha256Hex(planfile)).hasSize(64);
            assertThat(plan.maskedJson()).isEqualTo("{\"password\":\"(sensitive)\"}");
            assertThat(plan.renderedText()).isEqualTo("~ aws_db_instance.main");
            assertThat(plan.createdAt()).isNotNull();
            assertThat(db.plans().sha256(runId)).hasValue(plan.sha256());
        }
    }

    @Test
    void the_planfile_is_not_in_the_database_file_in_plaintext() throws Exception {
        String secret = "CANARY-" + UUID.randomUUID();
        String visible = "MASKED-JSON-" + UUID.randomUUID();
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.plans().save(runId, planfileWith(secret), "{\"marker\":\"" + visible + "\"}", "rendered");
        }

        byte[] file = kind == StoreKind.H2 ? Files.readAllBytes(store().dbFile().resolveSibling("plumbline.mv.db"))
                : storedPlanColumns();
        // The masked JSON is stored as is: finding it proves the search looks where the plan was written.
        assertThat(indexOf(file, visible.getBytes(StandardCharsets.UTF_8))).isNotNegative();
        assertThat(indexOf(file, secret.getBytes(StandardCharsets.UTF_8))).isNegative();
    }

    @Test
    void the_key_file_is_created_readable_by_its_owner_only() throws Exception {
        store().open().close();

        Path key = store().keyFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(key).trim())).hasSize(32);
    }

    @Test
    void a_key_file_readable_by_others_is_refused() throws Exception {
        store().open().close();
        Path key = store().keyFile();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> store().open())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("loading plan key " + key)
                .hasMessageContaining("group or others")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void a_key_file_that_is_not_a_key_is_refused() throws Exception {
        Path key = store().keyFile();
        Files.createDirectories(key.getParent());
        Files.writeString(key, "c2hvcnQ=\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> store().open())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("loading plan key " + key)
                .hasMessageContaining("32-byte key");
    }

    @Test
    void a_plan_read_with_another_key_fails_instead_of_returning_garbage() throws Exception {
        long runId;
        try (Database db = store().open()) {
            runId = StoreFixture.running(db, PROD);
            db.plans().save(runId, planfileWith("secret"), "{}", "");
        }
        Path otherKey = dataDir.resolve("other.key");

        try (Database db = store().open(otherKey)) {
            assertThatThrownBy(() -> db.plans().find(runId))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("reading the plan of run " + runId)
                    .hasMessageContaining("decrypting the planfile failed");
        }
    }

    @Test
    void a_run_has_one_plan() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.plans().save(runId, new byte[] {1}, "{}", "");

            assertThatThrownBy(() -> db.plans().save(runId, new byte[] {2}, "{}", ""))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("run " + runId + " already has a plan");
            assertThat(db.plans().find(runId).orElseThrow().planfile()).containsExactly(1);
        }
    }

    @Test
    void a_stored_plan_never_prints_its_bytes() {
        StoredPlan plan = new StoredPlan(7, "hunter2".getBytes(StandardCharsets.UTF_8), "ab", "{}", "", null);

        assertThat(plan.toString()).doesNotContain("hunter2").doesNotContain("[B@").contains("7 bytes");
    }

    /** The plans table as the server holds it: the bytes of every column of its one row. */
    private byte[] storedPlanColumns() throws Exception {
        try (Connection c = store().rawConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT planfile_iv, planfile, plan_json, rendered_text FROM plans")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (rs.next()) {
                out.write(rs.getBytes("planfile_iv"));
                out.write(rs.getBytes("planfile"));
                out.write(rs.getString("plan_json").getBytes(StandardCharsets.UTF_8));
                out.write(rs.getString("rendered_text").getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        }
    }

    /** A stand-in for a zipped planfile: binary noise around a secret. */
    private static byte[] planfileWith(String secret) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'P', 'K', 3, 4, 0, (byte) 0xff});
        for (int i = 0; i < 50; i++) {
            out.write(secret.getBytes(StandardCharsets.UTF_8));
            out.write(i);
        }
        return out.toByteArray();
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
