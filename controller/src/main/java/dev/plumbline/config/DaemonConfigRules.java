package dev.plumbline.config;

import dev.plumbline.util.Echo;
import dev.plumbline.config.RawDaemonConfig.Creds;
import dev.plumbline.config.RepoUrls.Transport;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The meaning of the daemon config: defaults, paths resolved against the file's directory, each value checked. */
final class DaemonConfigRules {
    // The same rule as a WorkspaceId part, since the repo name becomes the first half of every workspace's name.
    private static final Pattern REPO_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._/+-]*");

    private final Path file;
    private final Path baseDir;
    private final Problems problems;

    DaemonConfigRules(Path file, Problems problems) {
        this.file = file;
        this.baseDir = file.getParent();
        this.problems = problems;
    }

    DaemonConfig apply(RawDaemonConfig raw) {
        Path dataDir = null;
        if (raw.dataDir() == null) {
            problems.addUnlessSaid("data_dir",
                    "must be set: the directory for the database, plans and run directories");
        } else {
            dataDir = path(raw.dataDir(), "data_dir");
        }
        Duration poll = Durations.parse(raw.pollInterval(), DaemonConfig.DEFAULT_POLL_INTERVAL, "poll_interval",
                problems);
        int maxRuns = DaemonConfig.defaultConcurrency();
        if (raw.maxConcurrentRuns() != null) {
            maxRuns = atLeast(raw.maxConcurrentRuns(), 1, "max_concurrent_runs");
        }
        List<RepoConfig> repos = repos(raw.repos(), poll);
        RawDaemonConfig.Tools t = raw.tools();
        ToolPaths tools = new ToolPaths(path(t.tofu(), "tools.tofu"), path(t.terraform(), "tools.terraform"),
                path(t.cliConfig(), "tools.cli_config"));
        AwsConfig aws = new AwsRules(problems).daemon(raw.aws());
        NotificationsConfig notifications = new NotificationRules(problems).apply(raw.notifications(),
                raw.aws() != null);
        StoreConfig store = new StoreRules(problems, this::path).apply(raw.store());
        PoliciesConfig policies = new PolicyRules(problems, this::path).daemon(raw.policies(), repos);
        return new DaemonConfig(file, dataDir, repos, tools, maxRuns, poll, retry(raw.retry()), new HttpRules(problems, this::path).apply(raw.http()),
                aws, notifications, store, heartbeatTimeout(raw.heartbeatTimeout()),
                new DriftRules("daemon config", problems).ignore(raw.drift()), policies,
                new EventsRules(problems).apply(raw.events(), aws), logFormat(raw.logFormat()),
                new ConsoleRules(problems, this::path).apply(raw.console()));
    }

    private LogFormat logFormat(String text) {
        if (text == null) {
            return LogFormat.TEXT;
        }
        LogFormat format = LogFormat.parse(text);
        if (format == null) {
            problems.add("logging.format", LogFormat.problem(text));
        }
        return format == null ? LogFormat.TEXT : format;
    }

    private Duration heartbeatTimeout(String text) {
        Duration timeout = Durations.parse(text, DaemonConfig.DEFAULT_HEARTBEAT_TIMEOUT, "heartbeat_timeout", problems);
        if (timeout != null && timeout.compareTo(DaemonConfig.MIN_HEARTBEAT_TIMEOUT) < 0) {
            problems.add("heartbeat_timeout", "must be at least " + DaemonConfig.MIN_HEARTBEAT_TIMEOUT.toSeconds()
                    + "s (owners beat every 5s, and a few late beats must not pass for a lost owner), got "
                    + Echo.quote(text));
        } else if (timeout != null && timeout.compareTo(DaemonConfig.MAX_HEARTBEAT_TIMEOUT) > 0) {
            problems.add("heartbeat_timeout", "must be at most 1h (a dead owner's runs stay running that long), got "
                    + Echo.quote(text));
        }
        return timeout;
    }

    private List<RepoConfig> repos(List<RawDaemonConfig.Repo> raws, Duration defaultPoll) {
        List<RepoConfig> repos = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        VcsRules vcs = new VcsRules(problems);
        for (RawDaemonConfig.Repo r : raws) {
            String name = r.name();
            if (name == null) {
                problems.addUnlessSaid(r.at() + ".name", "must be set");
            } else if (!REPO_NAME.matcher(name).matches()) {
                problems.add(r.at() + ".name", "must use letters, digits, '.', '_' or '-', starting with a letter "
                        + "or digit (at most 100 characters), got " + Echo.quote(name));
            } else if (seen.containsKey(name)) {
                problems.add(r.at() + ".name", Echo.quote(name) + " is already the name of " + seen.get(name));
            } else {
                seen.put(name, r.at());
            }
            Transport transport = null;
            if (r.url() == null) {
                problems.addUnlessSaid(r.at() + ".url", "must be set");
            } else {
                transport = RepoUrls.check(r.url(), r.at() + ".url", problems);
            }
            String branch = branch(r.branch(), r.at() + ".branch");
            Credentials creds = credentials(r.credentials(), name, transport);
            Duration poll = Durations.parse(r.pollInterval(), defaultPoll, r.at() + ".poll_interval", problems);
            repos.add(new RepoConfig(name, r.url(), branch, creds, poll, vcs.apply(r.vcs())));
        }
        return repos;
    }

    private String branch(String branch, String at) {
        if (branch == null) {
            return RepoConfig.DEFAULT_BRANCH;
        }
        if (branch.isBlank()) {
            problems.add(at, "must not be empty");
        } else if (!BRANCH.matcher(branch).matches() || branch.contains("..") || branch.contains("//")
                || branch.endsWith("/") || branch.endsWith(".lock")) {
            problems.add(at, "is not a valid branch name, got " + Echo.quote(branch));
        }
        return branch;
    }

    private Credentials credentials(Creds c, String repo, Transport transport) {
        if (c == null) {
            return Credentials.NONE;
        }
        int refs = count(c.tokenEnv(), c.tokenFile(), c.sshKeyFile());
        if (refs == 0) {
            if (!c.inlineSecret()) {
                problems.addUnlessSaid(c.at(), "must name one of token_env, token_file or ssh_key_file");
            }
            return Credentials.NONE;
        }
        if (refs > 1) {
            problems.add(c.at(), "set only one of token_env, token_file and ssh_key_file");
            return Credentials.NONE;
        }
        if (c.sshKeyFile() != null) {
            if (c.username() != null) {
                problems.add(c.at() + ".username", "is only used with token_env or token_file; an SSH user is "
                        + "part of the URL (git@host:path)");
            }
            if (transport != null && transport != Transport.SSH) {
                problems.add(c.at() + ".ssh_key_file", "is for ssh:// and git@host:path URLs; this URL is "
                        + transport.name().toLowerCase(Locale.ROOT));
            }
            return new Credentials.SshKey(path(c.sshKeyFile(), c.at() + ".ssh_key_file"),
                    path(c.knownHostsFile(), c.at() + ".known_hosts_file"));
        }
        if (c.knownHostsFile() != null) {
            problems.add(c.at() + ".known_hosts_file", "is only used with ssh_key_file");
        }
        if (transport != null && transport != Transport.HTTPS && transport != Transport.HTTP) {
            problems.add(c.at(), "a token is for https:// URLs; this URL is "
                    + transport.name().toLowerCase(Locale.ROOT));
        }
        if (c.tokenEnv() != null && !ENV_NAME.matcher(c.tokenEnv()).matches()) {
            problems.add(c.at() + ".token_env", "must be an environment variable name (letters, digits and '_', "
                    + "not starting with a digit), got " + Echo.quote(c.tokenEnv()));
        }
        if (c.username() != null && c.username().isBlank()) {
            problems.add(c.at() + ".username", "must not be empty");
        }
        String user = c.username() == null ? Credentials.Token.DEFAULT_USERNAME : c.username();
        return new Credentials.Token(repo, user, c.tokenEnv(), path(c.tokenFile(), c.at() + ".token_file"));
    }

    private RetryPolicy retry(RawDaemonConfig.Retry r) {
        RetryPolicy d = RetryPolicy.DEFAULT;
        int attempts = r.maxAttempts() == null ? d.maxAttempts() : atLeast(r.maxAttempts(), 1, "retry.max_attempts");
        Duration initial = Durations.parse(r.initialBackoff(), d.initialBackoff(), "retry.initial_backoff", problems);
        Duration max = Durations.parse(r.maxBackoff(), d.maxBackoff(), "retry.max_backoff", problems);
        if (initial != null && max != null && initial.compareTo(max) > 0) {
            problems.add("retry.max_backoff", "must not be shorter than retry.initial_backoff (" + r.initialBackoff()
                    + "), got '" + (r.maxBackoff() == null ? "10m" : r.maxBackoff()) + "'");
        }
        return new RetryPolicy(attempts, initial, max);
    }

    private int atLeast(int value, int min, String at) {
        if (value < min) {
            problems.add(at, "must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** The path resolved against the config file's directory; null when not written. */
    private Path path(String text, String at) {
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            problems.add(at, "must not be empty");
            return null;
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            problems.add(at, "must not contain control characters, got " + Echo.quote(text));
            return null;
        }
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problems.add(at, "is not a valid path: " + e.getReason());
            return null;
        }
    }

    private static int count(String... values) {
        int n = 0;
        for (String v : values) {
            n += v == null ? 0 : 1;
        }
        return n;
    }
}
