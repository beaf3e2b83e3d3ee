/**
 * The code hosts of the configured repos: {@link dev.plumbline.vcs.hosts.CodeHosts} builds, for every repo with a
 * {@code vcs:} entry, the client of its provider ({@code vcs.github} or {@code vcs.gitlab}) with the webhook
 * verifier and parser that go with it, and finds a repo's host by its name or by the host's name for it.
 *
 * <p>It is a package of its own because it is the one place that knows both providers: {@code vcs.github} and
 * {@code vcs.gitlab} import {@code vcs}, so {@code vcs} cannot import them back. Imports {@code vcs} (and its two
 * providers), {@code config} and {@code domain}; imported by {@code pullrequest}, {@code http} and {@code cli}.
 */
package dev.plumbline.vcs.hosts;
