package dev.plumbline.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.config.PolicySetConfig.Source;
import dev.plumbline.config.RawDaemonConfig.PolicySet;
import dev.plumbline.domain.Enforcement;
import dev.plumbline.util.Echo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The meaning of the {@code policies:} sections: the daemon config's sets (name, source, namespaces,
 * enforcement, globs, parameters) and a repository's own policy directory, each value checked.
 */
final class PolicyRules {
    // No ':' in a set's name: "repo:<repo>" names a repository's own policies and must not be taken.
    private static final Pattern SET_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,15}");
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    static final List<String> DEFAULT_NAMESPACES = List.of("main");

    private final Problems problems;
    private final BiFunction<String, String, Path> path;

    /** {@code path} resolves a path written in the file against its directory (null after a problem). */
    PolicyRules(Problems problems, BiFunction<String, String, Path> path) {
        this.problems = problems;
        this.path = path;
    }

    PoliciesConfig daemon(RawDaemonConfig.Policies raw, List<RepoConfig> repos) {
        if (raw == null) {
            return PoliciesConfig.NONE;
        }
        Duration timeout = Durations.parse(raw.timeout(), PoliciesConfig.DEFAULT_TIMEOUT, "policies.timeout",
                problems);
        if (timeout != null && (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0)) {
            problems.add("policies.timeout", "must be from 1s to 10m, got " + Echo.quote(raw.timeout()));
        }
        Set<String> known = new HashSet<>();
        repos.forEach(r -> known.add(r.name()));
        List<String> enforcing = new ArrayList<>();
        for (int i = 0; i < raw.reposMayEnforce().size(); i++) {
            String repo = raw.reposMayEnforce().get(i);
            if (repo != null && !known.contains(repo)) {
                problems.add("policies.repos_may_enforce[" + i + "]", "names no repo of this config: "
                        + Echo.quote(repo));
            } else if (repo != null) {
                enforcing.add(repo);
            }
        }
        List<PolicySetConfig> sets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PolicySet s : raw.sets()) {
            PolicySetConfig set = set(s, known);
            if (set != null && !names.add(set.name())) {
                problems.add(s.at() + ".name", "another set is named " + Echo.quote(set.name()) + " already");
            } else if (set != null) {
                sets.add(set);
            }
        }
        return new PoliciesConfig(sets, timeout == null ? PoliciesConfig.DEFAULT_TIMEOUT : timeout, enforcing);
    }

    private PolicySetConfig set(PolicySet s, Set<String> repos) {
        String name = s.name();
        if (name == null) {
            problems.addUnlessSaid(s.at() + ".name", "must be set");
        } else if (!SET_NAME.matcher(name).matches()) {
            problems.add(s.at() + ".name", "must be lower-case letters, digits, '_', '.' or '-', starting with a "
                    + "letter or digit (at most 63 characters), got " + Echo.quote(name));
            name = null;
        }
        int sources = (s.dir() == null ? 0 : 1) + (s.git() == null ? 0 : 1) + (s.builtin() == null ? 0 : 1);
        if (sources != 1) {
            problems.add(s.at(), "must have exactly one of dir, git or builtin, got " + sources);
            return null;
        }
        List<String> checkedNamespaces = namespaces(s.namespaces(), s.at() + ".namespaces");
        Enforcement checkedEnforcement = enforcement(s.enforcement(), Enforcement.MANDATORY, s.at() + ".enforcement");
        List<String> checkedGlobs = globs(s.appliesTo(), s.at() + ".applies_to");
        boolean valid = name != null && checkedNamespaces != null && checkedEnforcement != null && checkedGlobs != null;
        // the source is checked even when the rest is not valid, so that all of the set's problems are said at once
        List<String> namespaces = checkedNamespaces == null ? DEFAULT_NAMESPACES : checkedNamespaces;
        Enforcement enforcement = checkedEnforcement == null ? Enforcement.MANDATORY : checkedEnforcement;
        List<String> globs = checkedGlobs == null ? List.of("**") : checkedGlobs;
        String params = params(s.params(), s.at() + ".params");
        PolicySetConfig set = null;
        if (s.dir() != null) {
            set = dir(s, name, namespaces, enforcement, globs, params);
        } else if (s.git() != null) {
            set = git(s, repos, name, namespaces, enforcement, globs, params);
        } else if (builtin(s)) {
            set = new PolicySetConfig(name, Source.BUILTIN, null, null, s.builtin(),
                    List.of("plumbline." + s.builtin()), enforcement, globs, params);
        }
        return valid ? set : null;
    }

    private PolicySetConfig dir(PolicySet s, String name, List<String> namespaces, Enforcement enforcement,
            List<String> globs, String params) {
        Path dir = path.apply(s.dir(), s.at() + ".dir");
        if (dir != null && !Files.isDirectory(dir)) {
            problems.add(s.at() + ".dir", "directory " + Echo.quote(s.dir()) + " does not exist");
            return null;
        }
        return dir == null ? null : new PolicySetConfig(name, Source.DIR, dir, null, null, namespaces, enforcement,
                globs, params);
    }

    private PolicySetConfig git(PolicySet s, Set<String> repos, String name, List<String> namespaces,
            Enforcement enforcement, List<String> globs, String params) {
        String at = s.at() + ".git";
        String repo = s.git().repo();
        String in = s.git().path();
        if (repo == null) {
            problems.addUnlessSaid(at + ".repo", "must be set");
        } else if (!repos.contains(repo)) {
            problems.add(at + ".repo", "names no repo of this config: " + Echo.quote(repo));
            repo = null;
        }
        if (in == null) {
            problems.addUnlessSaid(at + ".path", "must be set");
        } else if (!plainRelative(in)) {
            problems.add(at + ".path", "must be a relative path inside the repo, without '.', '..' or empty "
                    + "steps, got " + Echo.quote(in));
            in = null;
        }
        return repo == null || in == null ? null : new PolicySetConfig(name, Source.GIT, null, repo,
                in.endsWith("/") ? in.substring(0, in.length() - 1) : in, namespaces, enforcement, globs, params);
    }

    private boolean builtin(PolicySet s) {
        if (s.namespaces() != null) {
            problems.add(s.at() + ".namespaces", "must not be set for a built-in policy (its rules are in "
                    + "plumbline." + s.builtin() + ")");
        }
        if (!PolicySetConfig.BUILTINS.contains(s.builtin())) {
            problems.add(s.at() + ".builtin", "must be one of " + String.join(", ", PolicySetConfig.BUILTINS)
                    + ", got " + Echo.quote(s.builtin()));
            return false;
        }
        return s.namespaces() == null;
    }

    /** A repository's own policies, read from its {@code .plumbline.yaml}. */
    RepoPolicy repo(String dir, List<String> namespaces, String enforcement, String at) {
        List<String> ns = namespaces(namespaces, at + ".namespaces");
        Enforcement e = enforcement(enforcement, Enforcement.ADVISORY, at + ".enforcement");
        return dir == null || ns == null || e == null ? null : new RepoPolicy(dir, ns, e);
    }

    private List<String> namespaces(List<String> written, String at) {
        if (written == null) {
            return DEFAULT_NAMESPACES;
        }
        if (written.isEmpty()) {
            problems.add(at, "must name at least one namespace (default: [main])");
            return null;
        }
        boolean ok = true;
        for (int i = 0; i < written.size(); i++) {
            String ns = written.get(i);
            if (ns != null && !NAMESPACE.matcher(ns).matches()) {
                problems.add(at + "[" + i + "]", "must be a Rego package name such as main or terraform.aws, got "
                        + Echo.quote(ns));
                ok = false;
            }
            ok &= ns != null;
        }
        return ok ? List.copyOf(written) : null;
    }

    private Enforcement enforcement(String written, Enforcement fallback, String at) {
        if (written == null) {
            return fallback;
        }
        return switch (written) {
            case "advisory" -> Enforcement.ADVISORY;
            case "mandatory" -> Enforcement.MANDATORY;
            default -> {
                problems.add(at, "must be 'advisory' or 'mandatory', got " + Echo.quote(written));
                yield null;
            }
        };
    }

    private List<String> globs(List<String> written, String at) {
        if (written == null) {
            return List.of("**");
        }
        if (written.isEmpty()) {
            problems.add(at, "must hold at least one glob over <repo>/<workspace> (default: ['**'])");
            return null;
        }
        boolean ok = true;
        for (int i = 0; i < written.size(); i++) {
            String g = written.get(i);
            try {
                if (g != null) {
                    Glob.of(g);
                }
            } catch (IllegalArgumentException e) {
                problems.add(at + "[" + i + "]", e.getMessage() + ", got " + Echo.quote(g));
                ok = false;
            }
            ok &= g != null;
        }
        return ok ? List.copyOf(written) : null;
    }

    private String params(JsonNode params, String at) {
        if (params == null) {
            return null;
        }
        if (!params.isObject()) {
            problems.add(at, "must be a mapping (the policies read it as data.params), got " + Fields.kind(params));
            return null;
        }
        return params.toString();
    }

    private static boolean plainRelative(String p) {
        String w = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (w.isEmpty() || w.startsWith("/") || w.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        for (String step : w.split("/", -1)) {
            if (step.isEmpty() || step.equals(".") || step.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
