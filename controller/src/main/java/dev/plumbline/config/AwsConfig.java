package dev.plumbline.config;

import java.net.URI;

/**
 * How the daemon reaches AWS, when its config has an {@code aws:} section. The region is always written, so
 * nothing depends on what the SDK would find in the environment (environment, profile files, instance metadata).
 * {@code endpoint} is null against real AWS; it points every client at an emulator (moto, LocalStack) in tests and
 * demos. {@code archive} is null when plans are not archived. Checked by {@code AwsRules} when the file is read.
 */
public record AwsConfig(String region, URI endpoint, ArchiveConfig archive) {

    /** The same endpoint in another region (a workspace's own), or this one when {@code other} is null. */
    public AwsConfig withRegion(String other) {
        return other == null || other.equals(region) ? this : new AwsConfig(other, endpoint, archive);
    }

    public boolean emulated() {
        return endpoint != null;
    }
}
