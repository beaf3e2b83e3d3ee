/**
 * What a repository's checkout holds for Plumbline, beyond what its {@code .plumbline.yaml} says.
 *
 * <ul>
 *   <li>Which workspaces exist: {@link dev.plumbline.discovery.RepoWorkspaces} takes the validated settings
 *       ({@code config.RepoSettings}: the listed workspaces, {@code autodiscover}, {@code exclude}) and adds every
 *       configuration directory nobody listed that is not a module ({@code Discovery}).</li>
 *   <li>The module graph: {@link dev.plumbline.discovery.ModuleGraph}, the local modules each directory uses, read
 *       from the {@code module} blocks' sources ({@code ModuleSources}, no HCL evaluation); files reached through a
 *       link that leaves the checkout are not the repository's ({@code config.CheckoutPaths}).</li>
 *   <li>What a change affects: {@link dev.plumbline.discovery.ChangedFiles}, and when the workspaces read before a
 *       change still answer for it.</li>
 *   <li>Which files a run needs: {@link dev.plumbline.discovery.RepoWorkspaces#dirsNeededBy}, written by a
 *       {@link dev.plumbline.discovery.SourceTree}, handed to a run as a
 *       {@link dev.plumbline.discovery.WorkspaceSource}.</li>
 * </ul>
 *
 * <p>A leaf: imports {@code config}, {@code source} (a commit's files out of its mirror), {@code domain} and
 * {@code util}; never {@code reconcile}, {@code schedule}, {@code http} or {@code cli}, and {@code config} never
 * imports it. Problems with discovered workspaces are
 * {@code ConfigException}s of {@code <repo>/.plumbline.yaml}, like those of the file itself.
 */
package dev.plumbline.discovery;
