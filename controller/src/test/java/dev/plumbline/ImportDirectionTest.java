package dev.plumbline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imports point downwards: read from the main sources, the leaves never import the orchestrator, the scheduler,
 * the HTTP edge or the command line, {@code domain} imports nothing but {@code util}, and no two packages import
 * each other through any chain.
 */
class ImportDirectionTest {
    private static final Set<String> LEAVES = Set.of("source", "runner", "plan", "rego", "store", "vcs", "vcs.github",
            "vcs.gitlab", "vcs.hosts", "aws", "notify", "policy", "config", "domain", "util", "hcl", "discovery",
            "auth", "fleet");
    private static final Set<String> UPPER = Set.of("reconcile", "schedule", "http", "cli");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.plumbline\\.([a-z.]+?)\\.[A-Z]",
            Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.plumbline\\.([a-z.]+?)\\.[A-Z]");

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("src/main/java/dev/plumbline");
        assertThat(root).as("main sources (tests run from controller/)").isDirectory();
        graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                String text = Files.readString(f);
                Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (Pattern p : List.of(IMPORT, QUALIFIED)) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        if (!m.group(1).equals(pkg)) {
                            uses.add(m.group(1));
                        }
                    }
                }
            }
        }
    }

    @Test
    void leaves_never_import_the_orchestrator_the_scheduler_the_http_edge_or_the_cli() {
        for (String leaf : LEAVES) {
            assertThat(graph.getOrDefault(leaf, Set.of())).as("package %s imports", leaf).doesNotContainAnyElementsOf(UPPER);
        }
    }

    @Test
    void domain_imports_only_util() {
        assertThat(graph.get("domain")).isSubsetOf("util");
    }

    @Test
    void nothing_imports_the_cli() {
        graph.forEach((pkg, uses) -> assertThat(uses).as("package %s imports", pkg).doesNotContain("cli"));
    }

    @Test
    void packages_form_no_cycle() {
        for (String start : graph.keySet()) {
            Deque<List<String>> paths = new ArrayDeque<>();
            paths.push(List.of(start));
            Set<String> seen = new HashSet<>();
            while (!paths.isEmpty()) {
                List<String> path = paths.pop();
                String last = path.get(path.size() - 1);
                for (String next : graph.getOrDefault(last, Set.of())) {
                    List<String> longer = new ArrayList<>(path);
                    longer.add(next);
                    assertThat(next).as("a cycle: %s", String.join(" -> ", longer)).isNotEqualTo(start);
                    if (seen.add(next)) {
                        paths.push(longer);
                    }
                }
            }
        }
    }
}
