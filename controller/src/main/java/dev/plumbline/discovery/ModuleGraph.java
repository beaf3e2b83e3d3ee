package dev.plumbline.discovery;

import dev.plumbline.config.CheckoutPaths;
import dev.plumbline.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which directories of a checkout hold configuration ({@code .tf} or {@code .tofu} files) and which local
 * modules each of them uses, directly and through nested modules. Directories are named relative to the checkout
 * root with '/' separators, {@code "."} for the root. Only local sources ({@code ./} or {@code ../}) that stay in
 * the checkout are followed; registry and remote modules are not part of the repository.
 */
public record ModuleGraph(Map<String, Set<String>> direct) {
    /** Generated configuration can be large, but not this large; reading it would only stall the repo. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;


    /** {@code direct}: each configuration directory and the local module directories its files name. */
    public ModuleGraph {
        Map<String, Set<String>> copy = new TreeMap<>();
        direct.forEach((dir, modules) -> copy.put(dir, Collections.unmodifiableSet(new TreeSet<>(modules))));
        direct = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads the checkout: every directory with configuration files, hidden ones ({@code .git},
     * {@code .terraform}) skipped unless a module source leads into one.
     */
    public static ModuleGraph scan(Path checkoutRoot) {
        return scan(checkoutRoot, checkoutRoot.toString());
    }

    /** As {@link #scan(Path)}; errors name files as {@code <repo>/<path>}. */
    public static ModuleGraph scan(Path checkoutRoot, String repo) {
        try {
            CheckoutPaths paths = new CheckoutPaths(checkoutRoot);
            Map<String, Set<String>> direct = new TreeMap<>();
            Deque<String> pending = new ArrayDeque<>(configDirs(paths.root()));
            while (!pending.isEmpty()) {
                String dir = pending.pop();
                if (direct.containsKey(dir)) {
                    continue;
                }
                Set<String> modules = modulesNamedIn(paths, dir, repo);
                direct.put(dir, modules);
                pending.addAll(modules);
            }
            return new ModuleGraph(direct);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(repo, "reading the module sources: " + e.getMessage(), e);
        }
    }

    /** The directories with configuration files, whether workspaces or modules. */
    public Set<String> configDirs() {
        return direct.keySet();
    }

    public Set<String> directModules(String dir) {
        return direct.getOrDefault(dir, Set.of());
    }

    /** Every local module {@code dir} uses, through any depth of nesting; {@code dir} itself is not included. */
    public Set<String> modulesOf(String dir) {
        Set<String> seen = new TreeSet<>();
        Deque<String> pending = new ArrayDeque<>(directModules(dir));
        while (!pending.isEmpty()) {
            String m = pending.pop();
            if (!m.equals(dir) && seen.add(m)) {
                pending.addAll(directModules(m));
            }
        }
        return Collections.unmodifiableSet(seen);
    }

    /** Each configuration directory with {@link #modulesOf} it. */
    public Map<String, Set<String>> transitive() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String dir : direct.keySet()) {
            out.put(dir, modulesOf(dir));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The directories some other directory uses as a module: libraries, not workspaces. */
    public Set<String> moduleDirs() {
        Set<String> out = new TreeSet<>();
        direct.forEach((dir, modules) -> modules.stream().filter(m -> !m.equals(dir)).forEach(out::add));
        return Collections.unmodifiableSet(out);
    }

    private static Set<String> configDirs(Path root) throws IOException {
        Set<String> dirs = new TreeSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (isConfigFile(file)) {
                    dirs.add(CheckoutPaths.slashes(root.relativize(file.getParent())));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // an unreadable corner of the checkout holds no workspace
            }
        });
        return dirs;
    }

    private static Set<String> modulesNamedIn(CheckoutPaths paths, String dir, String repo) throws IOException {
        Path abs = paths.root().resolve(dir);
        Set<String> modules = new LinkedHashSet<>();
        if (!Files.isDirectory(abs) || !paths.contains(abs)) {
            return modules;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(abs)) {
            files = listing.filter(ModuleGraph::isConfigFile).sorted().toList();
        }
        for (Path file : files) {
            if (!paths.contains(file)) {
                continue; // a linked file from outside the checkout is not the repository's configuration
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(repo + "/" + CheckoutPaths.slashes(paths.root().relativize(file)),
                        "is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB; configuration files that large "
                        + "are not read", null);
            }
            // Decoded leniently: one badly encoded comment must not hide the modules of a whole checkout.
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            for (String source : ModuleSources.in(text)) {
                if (!ModuleSources.isLocal(source)) {
                    continue;
                }
                Path target = Path.of(dir).resolve(source).normalize();
                Path targetAbs = paths.root().resolve(target);
                if (!target.startsWith("..") && Files.isDirectory(targetAbs) && paths.contains(targetAbs)) {
                    modules.add(CheckoutPaths.slashes(target));
                }
            }
        }
        return modules;
    }

    static boolean isConfigFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".tf") || name.endsWith(".tofu")) && Files.isRegularFile(file);
    }
}
