package dev.plumbline.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon config as written: every field nullable, only the YAML shape checked (a list where a list belongs,
 * no unknown fields). {@link #toValid} gives it meaning: defaults, resolved paths and the checks on each value.
 */
record RawDaemonConfig(
        String dataDir, List<Repo> repos, Tools tools, Integer maxConcurrentRuns, String pollInterval, Retry retry,
        Http http) {

    /** {@code at} is where the entry sits in the file ({@code repos[2]}), for error messages. */
    record Repo(String at, String name, String url, String branch, Creds credentials, String pollInterval) { }

    /** {@code credentials}, or null when the repo has none. */
    record Creds(String at, String username, String tokenEnv, String tokenFile, String sshKeyFile,
                 String knownHostsFile, boolean inlineSecret) { }

    record Tools(String tofu, String terraform, String cliConfig) { }

    record Retry(Integer maxAttempts, String initialBackoff, String maxBackoff) { }

    record Http(String bind, Integer port) { }

    static RawDaemonConfig read(JsonNode root, Problems problems) {
        Fields f = Fields.of(root, "", problems);
        String dataDir = f.string("data_dir");
        List<Repo> repos = new ArrayList<>();
        for (Fields r : f.mappings("repos")) {
            repos.add(new Repo(r.path(), r.string("name"), r.string("url"), r.string("branch"),
                    creds(r.mappingOrNull("credentials")), r.string("poll_interval")));
            r.rejectUnknown();
        }
        Fields t = f.mapping("tools");
        Tools tools = new Tools(t.string("tofu"), t.string("terraform"), t.string("cli_config"));
        t.rejectUnknown();
        Integer maxRuns = f.integer("max_concurrent_runs");
        String poll = f.string("poll_interval");
        Fields re = f.mapping("retry");
        Retry retry = new Retry(re.integer("max_attempts"), re.string("initial_backoff"), re.string("max_backoff"));
        re.rejectUnknown();
        Fields h = f.mapping("http");
        Http http = new Http(h.string("bind"), h.integer("port"));
        h.rejectUnknown();
        f.rejectUnknown();
        return new RawDaemonConfig(dataDir, repos, tools, maxRuns, poll, retry, http);
    }

    private static Creds creds(Fields c) {
        if (c == null) {
            return null;
        }
        String secretElsewhere = "a secret must not be written in the config: put it in an environment variable or "
                + "a file and name that with token_env or token_file";
        boolean inline = c.refuse("token", secretElsewhere) | c.refuse("password", secretElsewhere);
        Creds creds = new Creds(c.path(), c.string("username"), c.string("token_env"), c.string("token_file"),
                c.string("ssh_key_file"), c.string("known_hosts_file"), inline);
        c.rejectUnknown();
        return creds;
    }

    /** The validated config; problems are recorded, and the result is only meaningful if there are none. */
    DaemonConfig toValid(Path file, Problems problems) {
        return new DaemonConfigRules(file, problems).apply(this);
    }
}
