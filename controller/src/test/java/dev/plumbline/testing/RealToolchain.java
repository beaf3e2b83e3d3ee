package dev.plumbline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Tool;
import dev.plumbline.runner.ChildEnvironment;
import dev.plumbline.runner.Opa;
import dev.plumbline.runner.Tofu;
import dev.plumbline.runner.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The toolchain built by runner-image/install-toolchain.sh, for integration tests. A missing tool fails the test
 * rather than skipping it: the test command installs the toolchain, so its absence is a broken build.
 */
public final class RealToolchain {
    private RealToolchain() { }

    public static Toolchain get() {
        Toolchain t = Toolchain.locate(System.getenv());
        assertThat(t.tofu()).as("tofu binary (run runner-image/install-toolchain.sh)").isExecutable();
        assertThat(t.cliConfig()).as("tofu CLI config with the provider mirror").isRegularFile();
        return t;
    }

    public static Tofu tofu(Path home) {
        return tool(Tool.TOFU, home);
    }

    public static Tofu tool(Tool tool, Path home) {
        Toolchain t = get();
        assertThat(t.binary(tool)).as(tool.command() + " binary (run runner-image/install-toolchain.sh)").isExecutable();
        return new Tofu(tool, t.binary(tool), ChildEnvironment.base(System.getenv(), home, t.cliConfig()));
    }

    /** The OPA binary of the toolchain, with {@code home} as its working directory. */
    public static Opa opa(Path home) {
        Toolchain t = Toolchain.locate(System.getenv());
        assertThat(t.opa()).as("opa binary (run runner-image/install-toolchain.sh)").isExecutable();
        return new Opa(t.opa(), home);
    }

    public static Path repoRoot() {
        String root = System.getProperty("plumbline.repoRoot");
        Path p = root != null ? Path.of(root) : Path.of("..");
        assertThat(p.resolve("workspaces")).isDirectory();
        return p.toAbsolutePath().normalize();
    }

    /** Copies one of the example workspaces and the modules beside it, so relative module sources resolve. */
    public static Path copyExample(String workspace, Path into) throws java.io.IOException {
        Path root = repoRoot();
        for (String top : new String[] {"modules", "workspaces/" + workspace}) {
            Path from = root.resolve(top);
            try (var files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = into.resolve(top).resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else if (!f.toString().contains("/.terraform")) {
                        Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return into.resolve("workspaces").resolve(workspace);
    }
}
