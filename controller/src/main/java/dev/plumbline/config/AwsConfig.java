package dev.plumbline.config;

import java.net.URI;

/**
 * How the daemon reaches AWS, when its config has an {@code aws:} section. The region is always written, so
 * nothing depends on what the SDK would find in the environment. {@code endpoint} is null against real AWS; it
 * points every client at an emulator in tests and demos. {@code archive} is null when plans are not archived.
 */
public record AwsConfig(String region, URI endpoint, ArchiveConfig archive) { }
