package dev.plumbline.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.testing.RealToolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runner-image/plumbline.service: the hardening it promises, read from the file, and systemd's own checks of it
 * ({@code systemd-analyze verify}, and the exposure {@code systemd-analyze security} scores) where systemd's tools
 * are installed.
 */
class SystemdUnitTest {
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d)");
    /** The README quotes the score; a change to the unit that raises it past this fails here first. */
    private static final double MAX_EXPOSURE = 2.0;

    @TempDir
    Path tmp;

    private static Path unit() {
        return RealToolchain.repoRoot().resolve("runner-image/plumbline.service");
    }

    @Test
    void the_service_is_hardened_as_documented() throws IOException {
        Map<String, List<String>> s = section(Files.readAllLines(unit()), "Service");
        assertThat(s.get("User")).containsExactly("plumbline");
        assertThat(s.get("ExecStart")).singleElement().asString()
                .startsWith("/usr/bin/java ").endsWith(" -jar /opt/plumbline/plumbline.jar serve --config "
                        + "/etc/plumbline/config.yaml");
        for (String[] kv : new String[][] {{"NoNewPrivileges", "true"}, {"CapabilityBoundingSet", ""},
                {"AmbientCapabilities", ""}, {"ProtectSystem", "strict"}, {"ProtectHome", "true"},
                {"ReadWritePaths", "/var/lib/plumbline"}, {"PrivateTmp", "true"}, {"UMask", "0077"},
                {"LockPersonality", "true"}, {"SystemCallFilter", "@system-service"},
                {"RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6 AF_NETLINK"}, {"KillSignal", "SIGTERM"},
                {"EnvironmentFile", "-/etc/plumbline/env"}}) {
            assertThat(s.get(kv[0])).as(kv[0]).containsExactly(kv[1]);
        }
        assertThat(s).as("the JVM's JIT needs memory that is written and then executed")
                .doesNotContainKey("MemoryDenyWriteExecute");
    }

    @Test
    void systemd_analyze_verify_finds_nothing_to_say() throws Exception {
        Result r = analyze("verify", unit().toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).isEmpty();
    }

    /** The check above can fail: a misspelt setting, which systemd would ignore, is named by verify. */
    @Test
    void systemd_analyze_verify_names_a_misspelt_setting() throws Exception {
        Path copy = tmp.resolve("plumbline.service");
        Files.writeString(copy, Files.readString(unit()).replace("NoNewPrivileges=true", "NoNewPrivilege=true"));
        Result r = analyze("verify", copy.toString());
        assertThat(r.out()).contains("NoNewPrivilege");
    }

    @Test
    void systemd_analyze_security_scores_the_unit_ok() throws Exception {
        Result r = analyze("security", "--offline=true", unit().toString());
        assertThat(r.exit()).as(r.out()).isZero();
        Matcher m = EXPOSURE.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as("exposure (0 safest, 10 unprotected)")
                .isLessThanOrEqualTo(MAX_EXPOSURE);
    }

    /** Key, values of one section; a key given twice keeps both values, an empty one resets nothing here. */
    static Map<String, List<String>> section(List<String> lines, String name) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String current = null;
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith("[")) {
                current = l.substring(1, l.length() - 1);
            } else if (name.equals(current) && !l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                String[] kv = l.split("=", 2);
                out.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
            }
        }
        return out;
    }

    record Result(int exit, String out) { }

    private static Result analyze(String... args) throws Exception {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed (Debian's systemd package)");
        List<String> argv = new ArrayList<>(List.of(tool.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("SYSTEMD_COLORS", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
