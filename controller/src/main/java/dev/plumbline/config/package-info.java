/**
 * Plumbline's two configuration files: the daemon's ({@link dev.plumbline.config.DaemonConfig}, given with
 * {@code --config}) and each infrastructure repository's {@code .plumbline.yaml}
 * ({@link dev.plumbline.config.RepoSettings}).
 *
 * <p>Each file is read in two steps. The YAML becomes a raw record as written ({@code RawDaemonConfig},
 * {@code RawRepoSettings}: nullable fields, only the shape checked, unknown fields reported), then the raw record is
 * given its meaning ({@code DaemonConfigRules}, {@code RepoSettingsRules}: defaults, resolved paths, every value
 * checked) and becomes immutable values. Problems are collected rather than thrown one by one, so a
 * {@link dev.plumbline.config.ConfigException} lists everything wrong with a file, each line naming the file and the
 * field ({@code repos[1].branch}).
 *
 * <p>Secrets are never part of a config value: credentials are references (an environment variable or a file),
 * read only when used. The same holds for the daemon's {@code aws} and {@code notifications} sections (a webhook's
 * signing secret and a Slack webhook URL are named by environment variable) and for a workspace's variables, whose
 * values may be references into SSM Parameter Store or Secrets Manager, resolved when the workspace runs.
 *
 * <p>{@code RepoSettings} is the file alone: the workspaces it lists, whether to discover the others, the globs that
 * exclude directories from that. Which workspaces a checkout has in all, and its module graph, are
 * {@code discovery}'s; this package imports only {@code domain} and {@code util}, and never {@code discovery}.
 */
package dev.plumbline.config;
