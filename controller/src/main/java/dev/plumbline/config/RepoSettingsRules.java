package dev.plumbline.config;

import dev.plumbline.util.Echo;
import dev.plumbline.config.RawRepoSettings.Workspace;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The meaning of {@code .plumbline.yaml}: listed workspaces checked and defaulted, exclusion globs checked. */
final class RepoSettingsRules {
    // HCL identifiers: what `-var name=value` accepts as a name.
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    // The names of backend arguments (bucket, key, region, ...): what -backend-config=key=value is given.
    private static final Pattern BACKEND_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SSM = "ssm:";
    private static final String SECRETS_MANAGER = "secretsmanager:";

    private final String repo;
    private final CheckoutPaths paths;
    private final Problems problems;
    // Workspace name -> who has it, for naming both sides of a collision.
    private final Map<String, String> owners = new HashMap<>();

    RepoSettingsRules(String repo, CheckoutPaths paths, Problems problems) {
        this.repo = repo;
        this.paths = paths;
        this.problems = problems;
    }

    RepoSettings apply(RawRepoSettings raw) {
        List<WorkspaceConfig> out = new ArrayList<>();
        for (Workspace w : raw.workspaces()) {
            String dir = w.dir() == null ? null : paths.directory(w.dir(), w.at() + ".dir", problems);
            if (w.dir() == null) {
                problems.addUnlessSaid(w.at() + ".dir", "must be set");
            }
            WorkspaceConfig c = workspace(w, dir);
            if (c != null) {
                out.add(c);
            }
        }
        ExcludedDirs exclude = ExcludedDirs.of(raw.exclude(), problems);
        RepoPolicy policy = null;
        if (raw.policy() != null) {
            RawRepoSettings.Policy p = raw.policy();
            String dir = p.dir() == null ? null : paths.directory(p.dir(), "policies.dir", problems);
            if (p.dir() == null) {
                problems.addUnlessSaid("policies.dir", "must be set: the directory of the repository's .rego files");
            }
            policy = new PolicyRules(problems, (text, at) -> null).repo(dir, p.namespaces(), p.enforcement(),
                    "policies");
        }
        return new RepoSettings(repo, out, !Boolean.FALSE.equals(raw.autodiscover()), exclude, owners, policy);
    }

    private WorkspaceConfig workspace(Workspace w, String dir) {
        WorkspaceId id = workspaceId(w, dir);
        Tool tool = tool(w);
        DriftPolicy drift = drift(w.drift(), w.at() + ".drift");
        ApplyMode apply = choice(w.apply(), ApplyMode.class, ApplyMode.APPROVAL, w.at() + ".apply",
                "'approval' or 'auto'");
        Map<String, String> variables = variables(w);
        Map<String, String> backendConfig = backendConfig(w);
        WorkspaceAwsConfig aws = new AwsRules(problems).workspace(w.aws(), w.at() + ".aws");
        List<String> varFiles = varFiles(w, dir);
        if (id == null || dir == null || drift == null || apply == null) {
            return null;
        }
        return new WorkspaceConfig(id, dir, tool, drift, apply, Boolean.TRUE.equals(w.allowDestroy()), variables,
                varFiles, false, aws, backendConfig);
    }

    /** The name given, or the one derived from dir; null (with a problem) when invalid or already taken. */
    private WorkspaceId workspaceId(Workspace w, String dir) {
        WorkspaceId id = null;
        String nameAt = w.at() + ".name";
        if (w.name() != null) {
            id = id(w.name(), nameAt, "must " + RepoSettings.NAME_RULE + ", got " + Echo.quote(w.name()));
        } else if (dir != null) {
            String derived = RepoSettings.nameOf(dir);
            id = id(derived, nameAt, "is not set, and " + Echo.quote(derived) + " derived from dir is not a valid name; set a "
                    + "name that uses " + RepoSettings.NAME_RULE.substring("use ".length()));
        }
        if (id != null && !claim(id.name(), w.at() + " (dir " + Echo.quote(w.dir()) + ")", nameAt,
                Echo.quote(id.name()) + " is already the name of ")) {
            return null;
        }
        return id;
    }

    private Tool tool(Workspace w) {
        if (w.tool() == null) {
            return Tool.TOFU;
        }
        try {
            return Tool.parse(w.tool());
        } catch (IllegalArgumentException e) {
            problems.add(w.at() + ".tool", "must be 'tofu' or 'terraform', got " + Echo.quote(w.tool()));
            return Tool.TOFU;
        }
    }

    private Map<String, String> variables(Workspace w) {
        Map<String, String> variables = new LinkedHashMap<>();
        w.variables().forEach((name, value) -> {
            if (!VARIABLE.matcher(name).matches()) {
                problems.add(w.at() + ".variables." + name, "is not a valid variable name (letters, digits, '_' "
                        + "and '-', starting with a letter or '_')");
            }
            secretReference(value, w.at() + ".variables." + name);
            variables.put(name, value);
        });
        return variables;
    }

    private Map<String, String> backendConfig(Workspace w) {
        Map<String, String> backendConfig = new LinkedHashMap<>();
        w.backendConfig().forEach((key, value) -> {
            String at = w.at() + ".backend_config." + key;
            if (!BACKEND_KEY.matcher(key).matches()) {
                problems.add(at, "is not a valid backend setting name (letters, digits and '_', starting with a "
                        + "letter or '_')");
            } else if (value.contains("\n") || value.contains("\r")) {
                problems.add(at, "must be a single line: it is given to init as -backend-config=" + key + "=...");
            }
            backendConfig.put(key, value);
        });
        return backendConfig;
    }

    private List<String> varFiles(Workspace w, String dir) {
        List<String> varFiles = new ArrayList<>();
        for (int i = 0; dir != null && i < w.varFiles().size(); i++) {
            String file = w.varFiles().get(i);
            if (file != null && paths.file(dir, file, w.at() + ".var_files[" + i + "]", problems)) {
                varFiles.add(file);
            }
        }
        return varFiles;
    }

    // A reference is resolved only when the workspace runs; its shape is checked here so that a typo is reported
    // with the other problems of the file rather than at the first run. The value is not repeated.
    private void secretReference(String value, String at) {
        String problem = null;
        if (value.startsWith(SSM)) {
            String path = value.substring(SSM.length());
            if (!path.startsWith("/") || path.length() == 1 || hasSpace(path)) {
                problem = "ssm: must be followed by a parameter path starting with '/', like ssm:/infra/db_password";
            } else if (path.contains("#")) {
                problem = "an ssm: parameter has no '#key'; only secretsmanager: references take one";
            }
        } else if (value.startsWith(SECRETS_MANAGER)) {
            String rest = value.substring(SECRETS_MANAGER.length());
            int hash = rest.indexOf('#');
            String name = hash < 0 ? rest : rest.substring(0, hash);
            if (name.isEmpty() || hasSpace(name)) {
                problem = "secretsmanager: must be followed by a secret name, like secretsmanager:db or "
                        + "secretsmanager:db#password";
            } else if (hash == rest.length() - 1) {
                problem = "the JSON key after '#' is empty; write secretsmanager:name#key, or leave out the '#'";
            }
        }
        if (problem != null) {
            problems.add(at, "is a secret reference, but " + problem);
        }
    }

    private static boolean hasSpace(String s) {
        return s.chars().anyMatch(Character::isWhitespace);
    }

    private DriftPolicy drift(RawDrift d, String at) {
        OnDrift onDrift = choice(d.onDrift(), OnDrift.class, OnDrift.REPORT, at + ".on_drift",
                "'report' or 'remediate'");
        String quartz = null;
        if (Boolean.FALSE.equals(d.enabled())) {
            if (d.schedule() != null) {
                problems.add(at + ".schedule", "has no effect with drift.enabled: false; remove one of them");
            }
        } else {
            String schedule = d.schedule() == null ? DriftPolicy.DEFAULT_SCHEDULE : d.schedule();
            try {
                quartz = Cron.toQuartz(schedule);
            } catch (IllegalArgumentException e) {
                problems.add(at + ".schedule", e.getMessage() + ", got " + Echo.quote(schedule));
                return null;
            }
        }
        DriftRules rules = new DriftRules(RepoSettings.FILE_NAME, problems);
        List<IgnoreRule> ignore = rules.ignore(d);
        int confirmAfter = rules.confirmAfter(d, 1);
        RemediationGuards remediate = rules.remediate(d.remediate());
        return onDrift == null ? null : new DriftPolicy(quartz, onDrift, ignore, confirmAfter, remediate);
    }

    private <E extends Enum<E>> E choice(String written, Class<E> type, E fallback, String at, String expected) {
        if (written == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(written.strip())) {
                return e;
            }
        }
        problems.add(at, "must be " + expected + ", got " + Echo.quote(written));
        return null;
    }

    private WorkspaceId id(String name, String at, String problem) {
        try {
            return new WorkspaceId(repo, name);
        } catch (IllegalArgumentException e) {
            problems.add(at, problem);
            return null;
        }
    }

    // Records who uses a name; false (and a problem naming both) when it is taken.
    private boolean claim(String name, String owner, String at, String message) {
        String previous = owners.putIfAbsent(name, owner);
        if (previous != null) {
            problems.add(at, message + previous);
            return false;
        }
        return true;
    }
}
