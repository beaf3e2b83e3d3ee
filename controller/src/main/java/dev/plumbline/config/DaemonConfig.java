package dev.plumbline.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's configuration file ({@code --config}), validated. Relative paths in it are resolved against the
 * file's directory, so the file means the same thing whatever directory the daemon is started from. {@code aws}
 * is null when the file has no {@code aws:} section; {@code notifications} is {@link NotificationsConfig#NONE}
 * when it has no {@code notifications:} section; {@code store} is null when it has no {@code store:} section, and
 * the store is then the H2 file in {@code dataDir}. {@code heartbeatTimeout} is how long an owner (a daemon or a
 * CLI command running tools) may go without a heartbeat before another daemon presumes it lost and takes over its
 * runs. {@code driftIgnore} are the ignore rules of its {@code drift:} section, for every workspace.
 * {@code policies} are the server's policy sets ({@link PoliciesConfig#NONE} without a {@code policies:} section).
 * {@code events} is {@link EventsConfig#NONE} when it has no {@code events:} section.
 * {@code console} is how people sign in to the console ({@link ConsoleConfig#NONE} without a section).
 */
public record DaemonConfig(
        Path file, Path dataDir, List<RepoConfig> repos, ToolPaths tools, int maxConcurrentRuns,
        Duration pollInterval, RetryPolicy retry, HttpSettings http, AwsConfig aws,
        NotificationsConfig notifications, StoreConfig store, Duration heartbeatTimeout,
        List<IgnoreRule> driftIgnore, PoliciesConfig policies, EventsConfig events, LogFormat logFormat,
        ConsoleConfig console) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);
    /** Owners beat every 5 s: a timeout must allow a few late beats before a live owner passes for lost. */
    public static final Duration MIN_HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);
    /** A dead owner's runs stay running that long: more than an hour hides a crash. */
    public static final Duration MAX_HEARTBEAT_TIMEOUT = Duration.ofHours(1);

    public DaemonConfig {
        repos = List.copyOf(repos);
        if (notifications == null) {
            notifications = NotificationsConfig.NONE;
        }
        if (heartbeatTimeout == null) {
            heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        }
        driftIgnore = driftIgnore == null ? List.of() : List.copyOf(driftIgnore);
        if (policies == null) {
            policies = PoliciesConfig.NONE;
        }
        if (events == null) {
            events = EventsConfig.NONE;
        }
        if (console == null) {
            console = ConsoleConfig.NONE;
        }
    }

    /**
     * Reads and validates the file.
     *
     * @throws ConfigException listing every problem found, each naming the file and the field
     */
    public static DaemonConfig load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Problems problems = new Problems(file.toString());
        RawDaemonConfig raw = RawDaemonConfig.read(YamlFile.read(absolute, problems.file()), problems);
        DaemonConfig valid = raw.toValid(absolute, problems);
        problems.throwIfAny();
        return valid;
    }

    public Optional<RepoConfig> repo(String name) {
        return repos.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The default for max_concurrent_runs: one run per core. */
    static int defaultConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
