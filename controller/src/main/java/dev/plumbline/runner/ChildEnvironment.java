package dev.plumbline.runner;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a tool process, built explicitly: the daemon's own environment (which may hold its cloud
 * credentials, VCS tokens and database password) is never inherited. Only a short list of harmless variables is
 * passed through; everything else is added by name, and values added as secrets are also handed to the
 * {@link Redactor} so they cannot reach a log.
 */
public final class ChildEnvironment {
    /** Variables a tool needs to run sensibly, none of which carries a credential. */
    static final List<String> PASS_THROUGH = List.of("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR");

    private final Map<String, String> vars = new LinkedHashMap<>();
    private final Set<String> secretValues = new HashSet<>();

    private ChildEnvironment() { }

    /**
     * The base every run starts from: pass-through variables from {@code parent}, automation flags, the CLI config
     * (provider installation) and a HOME of the run's own, so no ~/.aws or ~/.terraformrc of the daemon leaks in.
     */
    public static ChildEnvironment base(Map<String, String> parent, Path home, Path cliConfig) {
        ChildEnvironment env = new ChildEnvironment();
        for (String name : PASS_THROUGH) {
            String v = parent.get(name);
            if (v != null) {
                env.vars.put(name, v);
            }
        }
        env.vars.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.vars.put("HOME", home.toString());
        env.vars.put("TF_IN_AUTOMATION", "1");
        env.vars.put("TF_INPUT", "0");
        env.vars.put("CHECKPOINT_DISABLE", "1");
        // Keep the AWS SDKs inside tofu and its providers off the instance metadata endpoint unless credentials
        // are handed over explicitly.
        env.vars.put("AWS_EC2_METADATA_DISABLED", "true");
        // tofu and its providers are short-lived Go processes: garbage collecting them costs CPU (about a fifth of
        // a small plan) for memory that the exit frees anyway. No collection until a process holds 768 MiB, then
        // the usual pacing; PLUMBLINE_TOOL_GOGC / PLUMBLINE_TOOL_GOMEMLIMIT override for very large workspaces.
        env.vars.put("GOGC", parent.getOrDefault("PLUMBLINE_TOOL_GOGC", "off"));
        env.vars.put("GOMEMLIMIT", parent.getOrDefault("PLUMBLINE_TOOL_GOMEMLIMIT", "768MiB"));
        if (cliConfig != null) {
            env.vars.put("TF_CLI_CONFIG_FILE", cliConfig.toString());
        }
        return env;
    }

    public ChildEnvironment set(String name, String value) {
        checkName(name);
        vars.put(name, value);
        return this;
    }

    /** Adds a variable whose value must never be shown: it is redacted from all output of the run. */
    public ChildEnvironment secret(String name, String value) {
        checkName(name);
        if (value.length() < Redactor.MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("secret " + name + " is shorter than " + Redactor.MIN_SECRET_LENGTH
                    + " characters; it could not be redacted reliably");
        }
        vars.put(name, value);
        secretValues.add(value);
        return this;
    }

    /**
     * A secret the tool gets another way (a var file, a variable's default in the configuration): it is not set
     * here, but redacted from all output of the run as well.
     */
    public ChildEnvironment hide(String value) {
        if (value.length() < Redactor.MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("a secret shorter than " + Redactor.MIN_SECRET_LENGTH
                    + " characters could not be redacted reliably");
        }
        secretValues.add(value);
        return this;
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(vars);
    }

    public Set<String> secretValues() {
        return Collections.unmodifiableSet(secretValues);
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("invalid environment variable name '" + name + "'");
        }
    }
}
