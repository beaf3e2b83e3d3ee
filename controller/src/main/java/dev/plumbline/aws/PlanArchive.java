package dev.plumbline.aws;

import dev.plumbline.config.ArchiveConfig;
import dev.plumbline.domain.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies a run's plan and log to S3 for keeping, under {@code <prefix>/<repo>/<workspace>/<run-id>/}:
 * {@value #PLAN_FILE}, {@value #PLAN_JSON}, {@value #PLAN_TEXT} and {@value #LOG}. Every put asks for server-side
 * encryption.
 *
 * <p>The saved plan file holds every secret the plan touched, in clear. This class never receives it that way: the
 * caller passes the blob it already encrypted with the daemon's plan key (the same one the store uses), and the
 * object's {@code .enc} suffix says so. Server-side encryption only protects the bytes at rest inside S3; the
 * daemon's own encryption keeps them unreadable to anyone who may read the bucket. The JSON and the text are the
 * masked renderings, and the log is the redacted one.
 */
public final class PlanArchive {
    public static final String PLAN_FILE = "plan.tfplan.enc";
    public static final String PLAN_JSON = "plan.json";
    public static final String PLAN_TEXT = "plan.txt";
    public static final String LOG = "run.log";

    private static final String OCTETS = "application/octet-stream";
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final S3Client s3;
    private final ArchiveConfig config;

    /** {@code config} is the daemon's {@code aws.archive}, as validated when the config was read. */
    public PlanArchive(S3Client s3, ArchiveConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    /**
     * Archives a plan: the encrypted plan file, and the masked JSON and rendered text when given (null skips one).
     * Returns the keys written.
     */
    public List<String> archivePlan(WorkspaceId ws, long runId, byte[] encryptedPlanBlob, String maskedJson,
            String renderedText) {
        if (encryptedPlanBlob == null || encryptedPlanBlob.length == 0) {
            throw new AwsException("archiving the plan of " + ws + " run " + runId + ": the plan file is empty");
        }
        if (looksLikePlaintextPlan(encryptedPlanBlob)) {
            // Saved plans are zip files; encrypted bytes never start like one.
            throw new AwsException("archiving the plan of " + ws + " run " + runId
                    + ": refusing a plan file that is not encrypted (it is a plain zip); encrypt it with the plan key");
        }
        List<String> keys = new ArrayList<>();
        keys.add(put(ws, runId, PLAN_FILE, encryptedPlanBlob, OCTETS));
        if (maskedJson != null) {
            keys.add(put(ws, runId, PLAN_JSON, maskedJson.getBytes(StandardCharsets.UTF_8), JSON));
        }
        if (renderedText != null) {
            keys.add(put(ws, runId, PLAN_TEXT, renderedText.getBytes(StandardCharsets.UTF_8), TEXT));
        }
        return List.copyOf(keys);
    }

    /** Archives a run's log, which the caller has already redacted. Returns the key written. */
    public String archiveLog(WorkspaceId ws, long runId, String redactedLog) {
        return put(ws, runId, LOG, (redactedLog == null ? "" : redactedLog).getBytes(StandardCharsets.UTF_8), TEXT);
    }

    /** The keys archived for one run, sorted. */
    public List<String> keysFor(WorkspaceId ws, long runId) {
        String prefix = runPrefix(ws, runId);
        try {
            List<String> keys = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(config.bucket()).prefix(prefix)).contents()) {
                keys.add(o.key());
            }
            keys.sort(null);
            return List.copyOf(keys);
        } catch (SdkException e) {
            throw new AwsException("listing s3://" + config.bucket() + "/" + prefix + " for " + ws + " run " + runId
                    + ": " + cause(e), e);
        }
    }

    /** {@code <prefix>/<repo>/<workspace>/<run-id>/}, ending with '/' so run 1 never lists run 12's objects. */
    public String runPrefix(WorkspaceId ws, long runId) {
        String run = ws.repo() + "/" + ws.name() + "/" + runId + "/";
        return config.prefix().isEmpty() ? run : config.prefix() + "/" + run;
    }

    private String put(WorkspaceId ws, long runId, String name, byte[] bytes, String contentType) {
        String key = runPrefix(ws, runId) + name;
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(config.bucket())
                .key(key)
                .contentType(contentType)
                .serverSideEncryption(config.sse());
        if (config.kmsKeyId() != null) {
            request.ssekmsKeyId(config.kmsKeyId());
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(bytes));
            return key;
        } catch (SdkException e) {
            throw new AwsException("archiving s3://" + config.bucket() + "/" + key + " for " + ws + " run " + runId
                    + ": " + cause(e), e);
        }
    }

    private String cause(SdkException e) {
        return e instanceof NoSuchBucketException ? "bucket " + config.bucket() + " does not exist"
                : AwsErrors.describe(e);
    }

    private static boolean looksLikePlaintextPlan(byte[] blob) {
        return blob.length >= 4 && blob[0] == 'P' && blob[1] == 'K' && blob[2] == 3 && blob[3] == 4;
    }
}
