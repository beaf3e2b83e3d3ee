package dev.plumbline.runner;

import dev.plumbline.domain.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the tools are. The pinned versions ship inside the jar (runner-image/versions.env); the install script
 * writes the paths it built to {@code <tools>/toolchain.env}; environment variables override both, so a
 * production image can point at binaries installed elsewhere.
 */
public record Toolchain(
        Path toolsDir, Properties pinned, Path tofu, Path terraform, Path cliConfig, Path providerMirror,
        Path motoServer, Path opa) {

    public static final String VERSIONS_RESOURCE = "/dev/plumbline/versions.env";

    public static Toolchain locate(Map<String, String> env) {
        Properties pinned = pinnedVersions();
        Path tools = toolsDir(env);
        Properties built = new Properties();
        Path builtFile = tools.resolve("toolchain.env");
        if (Files.isReadable(builtFile)) {
            try (Reader r = Files.newBufferedReader(builtFile, StandardCharsets.UTF_8)) {
                built.load(r);
            } catch (IOException e) {
                throw new RunnerException("reading " + builtFile + ": " + e.getMessage(), e);
            }
        }
        Path tofu = pick(env, built, "PLUMBLINE_TOFU",
                tools.resolve("tofu").resolve(pinned.getProperty("TOFU_VERSION", "")).resolve("tofu"));
        Path terraform = pick(env, built, "PLUMBLINE_TERRAFORM",
                tools.resolve("terraform").resolve(pinned.getProperty("TERRAFORM_VERSION", "")).resolve("terraform"));
        Path cliConfig = pick(env, built, "PLUMBLINE_TF_CLI_CONFIG", tools.resolve("tofurc"));
        Path mirror = pick(env, built, "PLUMBLINE_PROVIDER_MIRROR", tools.resolve("providers"));
        Path moto = pick(env, built, "PLUMBLINE_MOTO_SERVER",
                tools.resolve("moto").resolve(pinned.getProperty("MOTO_VERSION", "")).resolve("bin/moto_server"));
        Path opa = pick(env, built, "PLUMBLINE_OPA",
                tools.resolve("opa").resolve(pinned.getProperty("OPA_VERSION", "")).resolve("opa"));
        return new Toolchain(tools, pinned, tofu, terraform, cliConfig, mirror, moto, opa);
    }

    /** The same toolchain with the daemon config's explicit paths in place of the located ones (nulls keep them). */
    public Toolchain withOverrides(Path tofuPath, Path terraformPath, Path cliConfigPath) {
        return new Toolchain(toolsDir, pinned, tofuPath != null ? tofuPath : tofu,
                terraformPath != null ? terraformPath : terraform, cliConfigPath != null ? cliConfigPath : cliConfig,
                providerMirror, motoServer, opa);
    }

    public Path binary(Tool tool) {
        return tool == Tool.TOFU ? tofu : terraform;
    }

    public String pinnedVersion(Tool tool) {
        return pinned.getProperty(tool == Tool.TOFU ? "TOFU_VERSION" : "TERRAFORM_VERSION");
    }

    public String pinnedOpaVersion() {
        return pinned.getProperty("OPA_VERSION");
    }

    /** The CLI config file, or null when there is none (then the tool uses its own defaults). */
    public Path cliConfigIfPresent() {
        return Files.isRegularFile(cliConfig) ? cliConfig : null;
    }

    static Path toolsDir(Map<String, String> env) {
        String explicit = env.get("PLUMBLINE_TOOLS_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String cache = env.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
        return base.resolve("plumbline").resolve("tools").toAbsolutePath();
    }

    static Properties pinnedVersions() {
        Properties p = new Properties();
        try (InputStream in = Toolchain.class.getResourceAsStream(VERSIONS_RESOURCE)) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new RunnerException("reading the pinned toolchain versions: " + e.getMessage(), e);
        }
        return p;
    }

    private static Path pick(Map<String, String> env, Properties built, String key, Path fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            v = built.getProperty(key);
        }
        return v == null || v.isBlank() ? fallback : Path.of(v);
    }
}
