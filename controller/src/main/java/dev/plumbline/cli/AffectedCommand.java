package dev.plumbline.cli;

import dev.plumbline.domain.WorkspaceId;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Which workspaces a range of commits changes: what a pull request from base to head would plan. */
@Command(name = "affected", description = "List the workspaces that the commits from BASE to HEAD change.")
final class AffectedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(index = "0", paramLabel = "REPO", converter = Arguments.Repo.class) String repo;
    @Option(names = "--base", required = true, converter = Arguments.Ref.class,
            description = "Base commit or ref (e.g. the target branch).") String base;
    @Option(names = "--head", converter = Arguments.Ref.class, description = "Head commit, or a ref of the remote such as refs/heads/feature"
            + " (default: the tracked branch).") String head;

    @Override
    public Integer call() {
        try (App app = App.open(common.config)) {
            var view = app.catalog.refresh(repo);
            String headCommit = head == null ? view.revision().commit()
                    : head.startsWith("refs/") ? app.catalog.fetchRef(repo, head) : app.catalog.resolve(repo, head);
            String baseCommit = app.catalog.resolve(repo, base);
            // Timed: reading the settings at the head commit (a checkout of it, unless it is the branch head
            // already read), the diff, and the module graph walk.
            long t0 = System.nanoTime();
            Set<WorkspaceId> affected = app.catalog.affected(repo, baseCommit, headCommit);
            double ms = (System.nanoTime() - t0) / 1e6;
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("repo", repo);
                m.put("base", baseCommit);
                m.put("head", headCommit);
                m.put("workspaces", affected.stream().map(WorkspaceId::toString).toList());
                m.put("elapsed_ms", Math.round(ms * 10) / 10.0);
                out.println(Common.json(m));
            } else {
                List<String> names = affected.stream().map(WorkspaceId::toString).toList();
                names.forEach(out::println);
                spec.commandLine().getErr().printf("%d workspace(s) affected, computed in %.1f ms%n", names.size(), ms);
            }
            return 0;
        }
    }
}
