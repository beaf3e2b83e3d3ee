package dev.plumbline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.ArchiveConfig;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.testing.DaemonConfigs;
import dev.plumbline.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class PlanArchiveIT {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    private static final String BUCKET = "plumbline-archive-" + UUID.randomUUID().toString().substring(0, 8);
    private static final WorkspaceId WS = new WorkspaceId("infra", "prod");
    private static final String CANARY = "canary-plan-secret-5e02";

    private static AwsClients aws;

    @BeforeAll
    static void bucket() {
        aws = moto.clients();
        aws.s3().createBucket(r -> r.bucket(BUCKET));
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    private static PlanArchive archive(String prefix) {
        return archive(BUCKET, "prefix: '" + prefix + "'");
    }

    /** An archive as the daemon reads it from its config: {@code aws.archive} with {@code fields} besides the bucket. */
    private static PlanArchive archive(String bucket, String fields) {
        ArchiveConfig config = DaemonConfigs.load("data_dir: /d", "aws:", "  region: " + moto.region(),
                "  archive: {bucket: " + bucket + ", " + fields + "}").aws().archive();
        return new PlanArchive(aws.s3(), config);
    }

    @Test
    void every_archived_object_requests_server_side_encryption() throws Exception {
        PlanArchive archive = archive("sse");

        List<String> keys = new ArrayList<>(
                archive.archivePlan(WS, 7, encrypted(plaintextPlan()), "{}", "No changes."));
        keys.add(archive.archiveLog(WS, 7, "redacted log"));

        assertThat(keys).hasSize(4);
        for (String key : keys) {
            HeadObjectResponse head = aws.s3().headObject(r -> r.bucket(BUCKET).key(key));
            assertThat(head.serverSideEncryption()).as(key).isEqualTo(ServerSideEncryption.AES256);
        }
    }

    @Test
    void kms_encryption_is_requested_with_the_configured_key() throws Exception {
        String keyId = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
        PlanArchive archive = archive(BUCKET, "prefix: kms, sse: aws:kms, kms_key_id: '" + keyId + "'");

        String key = archive.archiveLog(WS, 8, "redacted log");

        HeadObjectResponse head = aws.s3().headObject(r -> r.bucket(BUCKET).key(key));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).isEqualTo(keyId);
    }

    @Test
    void the_archived_plan_file_is_the_callers_ciphertext_never_the_plaintext() throws Exception {
        byte[] plaintext = plaintextPlan();
        byte[] ciphertext = encrypted(plaintext);

        String key = archive("cipher").archivePlan(WS, 9, ciphertext, null, null).get(0);

        byte[] stored = aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray();
        assertThat(key).isEqualTo("cipher/infra/prod/9/plan.tfplan.enc");
        assertThat(stored).isEqualTo(ciphertext).isNotEqualTo(plaintext);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);
    }

    @Test
    void a_plaintext_plan_file_is_refused_and_nothing_is_stored() throws Exception {
        PlanArchive archive = archive("refused");

        assertThatThrownBy(() -> archive.archivePlan(WS, 10, plaintextPlan(), "{}", "text"))
                .isInstanceOf(AwsException.class)
                .hasMessageContaining("infra/prod run 10")
                .hasMessageContaining("not encrypted");
        assertThat(archive.keysFor(WS, 10)).isEmpty();
    }

    @Test
    void keys_are_listed_per_run_under_the_prefix() throws Exception {
        PlanArchive archive = archive("/plumbline/");
        archive.archivePlan(WS, 1, encrypted(plaintextPlan()), "{\"masked\":true}", "Plan: 1 to add.");
        archive.archiveLog(WS, 1, "log of run 1");
        archive.archiveLog(WS, 12, "log of run 12");
        archive.archiveLog(new WorkspaceId("infra", "staging"), 1, "another workspace");

        assertThat(archive.keysFor(WS, 1)).containsExactly(
                "plumbline/infra/prod/1/plan.json",
                "plumbline/infra/prod/1/plan.tfplan.enc",
                "plumbline/infra/prod/1/plan.txt",
                "plumbline/infra/prod/1/run.log");
        assertThat(archive.keysFor(WS, 12)).containsExactly("plumbline/infra/prod/12/run.log");
        assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key("plumbline/infra/prod/1/plan.json"))
                .asUtf8String()).isEqualTo("{\"masked\":true}");
    }

    @Test
    void a_missing_bucket_is_an_error_naming_the_bucket_and_the_key() {
        PlanArchive archive = archive("plumbline-no-such-bucket", "prefix: p");

        assertThatThrownBy(() -> archive.archiveLog(WS, 3, "log"))
                .isInstanceOf(AwsException.class)
                .hasMessage("archiving s3://plumbline-no-such-bucket/p/infra/prod/3/run.log for infra/prod run 3: "
                        + "bucket plumbline-no-such-bucket does not exist");
    }

    /** A saved plan is a zip; this one holds a secret, as real ones do. */
    private static byte[] plaintextPlan() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("tfplan"));
            zip.write(("variable db_password = \"" + CANARY + "\"").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** What the caller does before archiving: AES-GCM with its own key, the IV in front. */
    private static byte[] encrypted(byte[] plaintext) throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        byte[] iv = new byte[12];
        random.nextBytes(key);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] out = new byte[iv.length + sealed.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(sealed, 0, out, iv.length, sealed.length);
        return out;
    }
}
