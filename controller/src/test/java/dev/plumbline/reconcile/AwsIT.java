package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.DaemonConfig;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.MotoServer;
import dev.plumbline.testing.RealToolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The example S3-backend workspace against the moto AWS emulator started by the suite: state in S3 with DynamoDB
 * locking, an assumed role's credentials handed to tofu, a password read from SSM Parameter Store.
 */
class AwsIT {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    private static final String CANARY = "canary-s3cr3t-7f3a-" + UUID.randomUUID().toString().substring(0, 6);
    private static final WorkspaceId S3 = new WorkspaceId("infra", "s3-state");
    private static final WorkspaceId PROBE = new WorkspaceId("infra", "probe");

    @TempDir
    Path tmp;

    private String bucket;
    private String table;
    private InfraRepo repo;
    private Database db;
    private Catalog catalog;
    private Reconciler reconciler;

    @BeforeEach
    void setUp() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        bucket = "plumbline-state-" + id;
        table = "plumbline-locks-" + id;
        var aws = moto.clients();
        aws.s3().createBucket(r -> r.bucket(bucket));
        aws.dynamoDb().createTable(r -> r.tableName(table)
                .keySchema(k -> k.attributeName("LockID").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("LockID").attributeType(ScalarAttributeType.S))
                .billingMode("PAY_PER_REQUEST"));
        aws.ssm().putParameter(r -> r.name("/plumbline-" + id + "/db_password").type(ParameterType.SECURE_STRING)
                .value(CANARY).overwrite(true));

        Path out = Files.createDirectories(tmp.resolve("managed"));
        String role = "aws: {role_arn: \"arn:aws:iam::123456789012:role/deployer\", session_duration: 1h}";
        String settings = """
                workspaces:
                  - name: s3-state
                    dir: workspaces/s3-state
                    apply: auto
                    %s
                    backend_config: {bucket: %s, key: infra/s3-state.tfstate, region: us-east-1, dynamodb_table: %s,
                      use_path_style: "true", skip_credentials_validation: "true", skip_requesting_account_id: "true",
                      skip_metadata_api_check: "true", skip_region_validation: "true"}
                    variables: {output_dir: "%s", db_password: "ssm:/plumbline-%s/db_password"}
                  - name: probe
                    dir: workspaces/probe
                    apply: auto
                    %s
                    variables: {output_dir: "%s"}
                """.formatted(role, bucket, table, out, id, role, out);
        repo = InfraRepo.withExamples(tmp, settings);
        RealToolchain.copyExample("s3-state", repo.work);
        // Records the AWS variables tofu's own child processes see (local-exec inherits tofu's environment).
        repo.write("workspaces/probe/main.tf", """
                variable "output_dir" { type = string }
                resource "terraform_data" "env" {
                  provisioner "local-exec" {
                    command = "env | grep '^AWS_' | sort > ${var.output_dir}/probe-env.txt"
                  }
                }
                """);
        repo.commit("S3 state and a probe");
        Files.writeString(tmp.resolve("plumbline.yaml"), repo.daemonConfig("infra", tmp.resolve("data")));
        DaemonConfig config = DaemonConfig.load(tmp.resolve("plumbline.yaml"));
        db = Database.open(config.dataDir().resolve("plumbline"), config.dataDir().resolve("plan.key"));
        catalog = new Catalog(config.repos(), config.dataDir(), Map.of(), db.validSettings());
        // The daemon's own environment holds its long-lived keys; the run must not inherit them.
        Map<String, String> daemonEnv = new java.util.HashMap<>(System.getenv());
        daemonEnv.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
        daemonEnv.put("AWS_SECRET_ACCESS_KEY", "daemon-own-secret-key");
        WorkspaceRunner runner = new WorkspaceRunner(db, RealToolchain.get(), config.dataDir(), daemonEnv,
                RunOptions.cloud(new CloudAccess(moto.clients())).withLockTimeout(java.time.Duration.ofSeconds(3)));
        reconciler = new Reconciler(db, catalog, runner);
        catalog.refresh("infra");
    }

    @AfterEach
    void tearDown() {
        catalog.close();
        db.close();
        repo.close();
    }

    @Test
    void state_round_trips_through_s3_and_the_ssm_secret_reaches_the_plan_but_no_output() throws Exception {
        Outcome first = reconciler.reconcile(S3, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());

        assertThat(first.applied()).as("%s / %s", first.plan().error(), first.apply()).isTrue();
        assertThat(tmp.resolve("managed/db.conf")).content().contains("password = " + CANARY);
        var objects = moto.clients().s3().listObjectsV2(r -> r.bucket(bucket)).contents();
        assertThat(objects).extracting(o -> o.key()).contains("infra/s3-state.tfstate");
        // A second plan reads the state back from S3 and finds nothing to do.
        Outcome again = reconciler.driftCheck(S3, Trigger.SCHEDULE, Attempt.FIRST, Cancellation.none());
        assertThat(again.plan().classification()).isEqualTo(Classification.IN_SYNC);

        for (long run : new long[] {first.plan().runId(), first.apply().runId(), again.plan().runId()}) {
            assertThat(logText(run)).doesNotContain(CANARY);
            db.plans().find(run).ifPresent(p -> {
                assertThat(p.maskedJson()).doesNotContain(CANARY);
                assertThat(p.renderedText()).doesNotContain(CANARY);
            });
        }
        assertThat(new String(Files.readAllBytes(tmp.resolve("data/plumbline.mv.db")), StandardCharsets.ISO_8859_1))
                .doesNotContain(CANARY);
    }

    @Test
    void the_assumed_roles_credentials_reach_tofu_and_the_daemons_own_do_not() throws Exception {
        Outcome o = reconciler.reconcile(PROBE, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());

        assertThat(o.applied()).as("%s / %s", o.plan().error(), o.apply()).isTrue();
        String env = Files.readString(tmp.resolve("managed/probe-env.txt"));
        assertThat(env).contains("AWS_SESSION_TOKEN=", "AWS_REGION=us-east-1")
                .doesNotContain("daemon-own-secret-key")
                .doesNotContain("AWS_ACCESS_KEY_ID=" + MotoServer.ACCESS_KEY + "\n");
        String secretKey = env.lines().filter(l -> l.startsWith("AWS_SECRET_ACCESS_KEY=")).findFirst().orElseThrow()
                .substring("AWS_SECRET_ACCESS_KEY=".length());
        assertThat(logText(o.apply().runId())).doesNotContain(secretKey);
    }

    @Test
    void a_stuck_lock_is_reported_with_its_holder_and_how_to_release_it() throws Exception {
        assertThat(reconciler.reconcile(S3, Trigger.MANUAL, Attempt.FIRST, Cancellation.none()).applied()).isTrue();
        // A lock left behind by a run that was killed outright.
        moto.clients().dynamoDb().putItem(r -> r.tableName(table).item(Map.of(
                "LockID", AttributeValue.fromS(bucket + "/infra/s3-state.tfstate"),
                "Info", AttributeValue.fromS("{\"ID\":\"d1e2f3a4-0000-4000-8000-123456789abc\",\"Operation\":"
                        + "\"OperationTypeApply\",\"Who\":\"ops@old-vm\",\"Version\":\"1.12.6\",\"Created\":"
                        + "\"2026-11-25T23:00:00Z\",\"Path\":\"" + bucket + "/infra/s3-state.tfstate\",\"Info\":\"\"}"))));

        Outcome o = reconciler.driftCheck(S3, Trigger.SCHEDULE, Attempt.FIRST, Cancellation.none());

        assertThat(o.plan().status()).isEqualTo(RunStatus.FAILED);
        assertThat(o.plan().error()).contains("the state is locked", "d1e2f3a4-0000-4000-8000-123456789abc",
                "ops@old-vm", "tofu force-unlock d1e2f3a4-0000-4000-8000-123456789abc");
    }

    private String logText(long runId) {
        return db.logs().read(runId).stream().map(LogLine::text).collect(Collectors.joining("\n"));
    }
}
