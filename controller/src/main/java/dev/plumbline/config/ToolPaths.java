package dev.plumbline.config;

import java.nio.file.Path;

/** Overrides of the toolchain's binaries and CLI config file; a null path keeps the toolchain's default. */
public record ToolPaths(Path tofu, Path terraform, Path cliConfig) {
    public static final ToolPaths DEFAULTS = new ToolPaths(null, null, null);
}
