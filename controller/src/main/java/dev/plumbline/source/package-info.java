/**
 * Git through JGit: one bare mirror per repo, incremental fetches with credentials by reference, and a commit
 * written into a run's directory (no {@code .git}, no links that leave it). Imports only {@code domain}.
 */
package dev.plumbline.source;
