package dev.plumbline.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The daemon config as written: every field nullable, only the YAML shape checked (a list where a list belongs,
 * no unknown fields). {@link #toValid} gives it meaning: defaults, resolved paths and the checks on each value.
 */
record RawDaemonConfig(
        String dataDir, List<Repo> repos, Tools tools, Integer maxConcurrentRuns, String pollInterval, Retry retry,
        Http http, Aws aws, Notifications notifications, Store store, String heartbeatTimeout, RawDrift drift,
        Policies policies, Events events, String logFormat, Console console) {
    private static final List<String> CHANNEL_TYPES = List.of("sns", "webhook", "slack");

    /** {@code at} is where the entry sits in the file ({@code repos[2]}), for error messages. */
    record Repo(String at, String name, String url, String branch, Creds credentials, String pollInterval,
                Vcs vcs) { }

    /** {@code vcs} of a repo entry, or null when the repo has no pull request support. */
    record Vcs(String at, String provider, String apiUrl, String project, String tokenEnv, String webhookSecretEnv,
               Boolean applyOnComment, String lockMaxAge) { }

    /** {@code credentials}, or null when the repo has none. */
    record Creds(String at, String username, String tokenEnv, String tokenFile, String sshKeyFile,
                 String knownHostsFile, boolean inlineSecret) { }

    record Tools(String tofu, String terraform, String cliConfig) { }

    record Retry(Integer maxAttempts, String initialBackoff, String maxBackoff) { }

    /** {@code http}; {@code tls} null when the section has none. */
    record Http(String bind, Integer port, Boolean behindProxy, Tls tls) { }

    record Tls(String keystoreFile, String keystorePasswordEnv) { }

    /** {@code console}, or null when the file has no such section. */
    record Console(Oidc oidc, String sessionMaxAge) { }

    /** {@code console.oidc}: {@code roles} maps a role's name to the claim values granting it. */
    record Oidc(String issuer, String clientId, String clientSecretEnv, String clientSecretFile, String rolesClaim,
                Map<String, List<String>> roles) { }

    /** {@code store}, or null when the store is the H2 file in data_dir. */
    record Store(String url, String user, String passwordEnv, String passwordFile, Integer poolSize) { }

    /** {@code policies}, or null when the file has no such section. */
    record Policies(String timeout, List<String> reposMayEnforce, List<PolicySet> sets) { }

    /** One entry of {@code policies.sets}; {@code at} is {@code policies.sets[0]}. */
    record PolicySet(String at, String name, String dir, Git git, String builtin, List<String> namespaces,
                     String enforcement, List<String> appliesTo, JsonNode params) { }

    /** {@code git} of a policy set, or null when the set is not read from a repo. */
    record Git(String repo, String path) { }

    /** {@code events}, or null when the file has no such section; {@code http} and {@code sqs} null when absent. */
    record Events(String debounce, Integer maxChecksPerHour, EventsHttp http, Sqs sqs) { }

    record EventsHttp(String secretEnv) { }

    record Sqs(String queueUrl, String region, String roleArn) { }

    /** {@code aws}, or null when the file has no such section. */
    record Aws(String region, String endpoint, Archive archive) { }

    /** {@code aws.archive}, or null when plans are not archived. */
    record Archive(String bucket, String prefix, String sse, String kmsKeyId) { }

    /** {@code notifications}, or null when the file has no such section. */
    record Notifications(String baseUrl, List<Channel> channels, String maxAge) { }

    /**
     * One entry of {@code notifications.channels} ({@code at} is {@code notifications.channels[1]}). At most one of
     * its types is set; none when the entry names no type, or more than one (both already reported).
     */
    record Channel(String at, Sns sns, Webhook webhook, Slack slack) { }

    record Sns(String topicArn) { }

    record Webhook(String url, String secretEnv) { }

    record Slack(String urlEnv) { }

    static RawDaemonConfig read(JsonNode root, Problems problems) {
        Fields f = Fields.of(root, "", problems);
        String dataDir = f.string("data_dir");
        List<Repo> repos = new ArrayList<>();
        for (Fields r : f.mappings("repos")) {
            repos.add(new Repo(r.path(), r.string("name"), r.string("url"), r.string("branch"),
                    creds(r.mappingOrNull("credentials")), r.string("poll_interval"),
                    vcs(r.mappingOrNull("vcs"))));
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
        Http http = HttpRules.read(f.mapping("http"));
        Aws aws = aws(f.mappingOrNull("aws"));
        Notifications notifications = notifications(f.mappingOrNull("notifications"));
        Store store = store(f.mappingOrNull("store"));
        String heartbeatTimeout = f.string("heartbeat_timeout");
        RawDrift drift = RawDrift.read(f.mapping("drift"), false);
        Policies policies = policies(f.mappingOrNull("policies"));
        Events events = events(f.mappingOrNull("events"));
        Fields lg = f.mapping("logging");
        String logFormat = lg.string("format");
        lg.rejectUnknown();
        Console console = ConsoleRules.read(f.mappingOrNull("console"));
        f.rejectUnknown();
        return new RawDaemonConfig(dataDir, repos, tools, maxRuns, poll, retry, http, aws, notifications, store,
                heartbeatTimeout, drift, policies, events, logFormat, console);
    }

    private static Policies policies(Fields p) {
        if (p == null) {
            return null;
        }
        List<PolicySet> sets = new ArrayList<>();
        for (Fields s : p.mappings("sets")) {
            String name = s.string("name");
            String dir = s.string("dir");
            Fields g = s.mappingOrNull("git");
            Git git = null;
            if (g != null) {
                git = new Git(g.string("repo"), g.string("path"));
                g.rejectUnknown();
            }
            String builtin = s.string("builtin");
            List<String> namespaces = s.strings("namespaces");
            String enforcement = s.string("enforcement");
            List<String> appliesTo = s.strings("applies_to");
            sets.add(new PolicySet(s.path(), name, dir, git, builtin, s.has("namespaces") ? namespaces : null,
                    enforcement, s.has("applies_to") ? appliesTo : null, s.json("params")));
            s.rejectUnknown();
        }
        Policies policies = new Policies(p.string("timeout"), p.strings("repos_may_enforce"), sets);
        p.rejectUnknown();
        return policies;
    }

    private static Events events(Fields e) {
        if (e == null) {
            return null;
        }
        String debounce = e.string("debounce");
        Integer perHour = e.integer("max_checks_per_hour");
        EventsHttp http = null;
        Fields h = e.mappingOrNull("http");
        if (h != null) {
            h.refuse("secret", "a secret must not be written in the config: put it in an environment variable and "
                    + "name that with secret_env");
            http = new EventsHttp(h.string("secret_env"));
            h.rejectUnknown();
        }
        Sqs sqs = null;
        Fields q = e.mappingOrNull("aws_sqs");
        if (q != null) {
            sqs = new Sqs(q.string("queue_url"), q.string("region"), q.string("role_arn"));
            q.rejectUnknown();
        }
        Events events = new Events(debounce, perHour, http, sqs);
        e.rejectUnknown();
        return events;
    }

    private static Store store(Fields s) {
        if (s == null) {
            return null;
        }
        s.refuse("password", "a secret must not be written in the config: put it in an environment "
                + "variable or a file and name that with password_env or password_file");
        Store store = new Store(s.string("url"), s.string("user"), s.string("password_env"),
                s.string("password_file"), s.integer("pool_size"));
        s.rejectUnknown();
        return store;
    }

    private static Aws aws(Fields a) {
        if (a == null) {
            return null;
        }
        String region = a.string("region");
        String endpoint = a.string("endpoint");
        Fields ar = a.mappingOrNull("archive");
        Archive archive = null;
        if (ar != null) {
            archive = new Archive(ar.string("bucket"), ar.string("prefix"), ar.string("sse"), ar.string("kms_key_id"));
            ar.rejectUnknown();
        }
        a.rejectUnknown();
        return new Aws(region, endpoint, archive);
    }

    private static Notifications notifications(Fields n) {
        if (n == null) {
            return null;
        }
        String baseUrl = n.string("base_url");
        List<Channel> channels = new ArrayList<>();
        for (Fields c : n.mappings("channels")) {
            channels.add(channel(c));
        }
        String maxAge = n.string("max_age");
        n.rejectUnknown();
        return new Notifications(baseUrl, channels, maxAge);
    }

    // Each entry is keyed by its type ({sns: {...}}), so a list item holding two types is almost always two
    // channels whose '-' was lost; saying so beats keeping one of them silently.
    private static Channel channel(Fields c) {
        List<String> types = c.names().stream().filter(CHANNEL_TYPES::contains).toList();
        if (types.size() > 1) {
            c.problems().add(c.path(), "must have exactly one channel type, got " + String.join(" and ", types)
                    + "; write each channel as its own list item");
        } else if (c.names().isEmpty()) {
            c.problems().add(c.path(), "must name its channel type: sns, webhook or slack");
        }
        Sns sns = null;
        Fields s = channelType(c, "sns");
        if (s != null) {
            sns = new Sns(s.string("topic_arn"));
            s.rejectUnknown();
        }
        Webhook webhook = null;
        Fields w = channelType(c, "webhook");
        if (w != null) {
            w.refuse("secret", "a secret must not be written in the config: put it in an environment variable and "
                    + "name that with secret_env");
            webhook = new Webhook(w.string("url"), w.string("secret_env"));
            w.rejectUnknown();
        }
        Slack slack = null;
        Fields sl = channelType(c, "slack");
        if (sl != null) {
            sl.refuse("url", "a Slack webhook URL is a secret and must not be written in the config: put it in an "
                    + "environment variable and name that with url_env");
            slack = new Slack(sl.string("url_env"));
            sl.rejectUnknown();
        }
        c.rejectUnknown();
        if (types.size() != 1) {
            return new Channel(c.path(), null, null, null);
        }
        return new Channel(c.path(), sns, webhook, slack);
    }

    // "- slack:" with nothing after it names the type without its fields: read as an empty mapping, so the
    // missing fields are what gets reported.
    private static Fields channelType(Fields c, String type) {
        Fields f = c.mappingOrNull(type);
        return f == null && c.names().contains(type) ? Fields.of(null, c.path(type), c.problems()) : f;
    }

    private static Vcs vcs(Fields v) {
        if (v == null) {
            return null;
        }
        String secretElsewhere = "a secret must not be written in the config: put it in an environment variable "
                + "and name that with ";
        v.refuse("token", secretElsewhere + "token_env");
        v.refuse("webhook_secret", secretElsewhere + "webhook_secret_env");
        Vcs vcs = new Vcs(v.path(), v.string("provider"), v.string("api_url"), v.string("project"),
                v.string("token_env"), v.string("webhook_secret_env"), v.bool("apply_on_comment"),
                v.string("lock_max_age"));
        v.rejectUnknown();
        return vcs;
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
