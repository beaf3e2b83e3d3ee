package dev.plumbline.aws;

import java.util.regex.Pattern;

/**
 * Where the daemon archives plans and run logs, when it does: an S3 bucket, a key prefix (may be empty), and the
 * server-side encryption every put asks for: {@code AES256} (S3-managed keys, the default) or {@code aws:kms} with an
 * optional key id (null: the account's aws/s3 key).
 */
public record ArchiveSettings(String bucket, String prefix, String sse, String kmsKeyId) {
    public static final String AES256 = "AES256";
    public static final String KMS = "aws:kms";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public ArchiveSettings {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("invalid archive bucket '" + bucket
                    + "': expected 3 to 63 lowercase letters, digits, '.' or '-'");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        if (sse == null) {
            sse = AES256;
        }
        if (!sse.equals(AES256) && !sse.equals(KMS)) {
            throw new IllegalArgumentException("invalid archive encryption '" + sse + "': expected AES256 or aws:kms");
        }
        if (kmsKeyId != null && !sse.equals(KMS)) {
            throw new IllegalArgumentException("invalid archive settings: a KMS key id needs encryption aws:kms");
        }
    }

    public static ArchiveSettings aes256(String bucket, String prefix) {
        return new ArchiveSettings(bucket, prefix, AES256, null);
    }
}
