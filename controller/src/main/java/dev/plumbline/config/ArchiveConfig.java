package dev.plumbline.config;

/**
 * Where plans and run logs are archived: an S3 bucket, a key prefix without leading or trailing '/' (may be
 * empty), and the server-side encryption asked for on every put. {@code kmsKeyId} is only set with
 * {@link #KMS}; null there means the account's default key for S3. Checked by {@code AwsRules} when the file is
 * read.
 */
public record ArchiveConfig(String bucket, String prefix, String sse, String kmsKeyId) {
    public static final String DEFAULT_PREFIX = "plumbline";
    public static final String AES256 = "AES256";
    public static final String KMS = "aws:kms";
}
