package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import dev.plumbline.testing.RealToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pull request's review of one workspace: fmt -check and validate after init, then the plan, with real tools. */
class ReviewIT {
    @TempDir
    Path tmp;

    private Database db;
    private WorkspaceRunner runner;
    private Path root;

    @BeforeEach
    void open() throws Exception {
        Path data = tmp.resolve("data");
        db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"));
        runner = new WorkspaceRunner(db, RealToolchain.get(), data, System.getenv());
        root = tmp.resolve("checkout");
        RealToolchain.copyExample("hello", root);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ReviewResult review() {
        WorkspaceSource ws = WorkspaceSource.of(new WorkspaceId("demo", "hello"), root, "workspaces/hello", Tool.TOFU)
                .withVariables(Map.of("output_dir", tmp.resolve("out").toString()));
        return runner.review(ws, Trigger.PULL_REQUEST, Cancellation.none());
    }

    @Test
    void a_well_formed_valid_workspace_passes_both_checks_and_is_planned() {
        ReviewResult r = review();

        assertThat(r.fmtProblems()).isEmpty();
        assertThat(r.invalid()).isFalse();
        assertThat(r.run().classification()).isEqualTo(Classification.CHANGES_PENDING);
        assertThat(db.plans().find(r.run().runId())).isPresent();
    }

    @Test
    void formatting_differences_in_the_workspace_and_its_modules_are_reported_and_the_plan_still_runs()
            throws Exception {
        Path main = root.resolve("workspaces/hello/main.tf");
        Files.writeString(main, Files.readString(main).replace("  length = 2", "length=2"));
        Files.writeString(root.resolve("modules/text-file/main.tf"),
                Files.readString(root.resolve("modules/text-file/main.tf")).replace("  type", "type"));

        ReviewResult r = review();

        assertThat(r.fmtProblems()).containsExactly("modules/text-file/main.tf", "workspaces/hello/main.tf");
        assertThat(r.run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.run().classification()).isEqualTo(Classification.CHANGES_PENDING);
        assertThat(db.logs().read(r.run().runId())).extracting(LogLine::text)
                .anyMatch(l -> l.contains("fmt -check: not formatted: modules/text-file/main.tf, workspaces/hello/main.tf"));
    }

    @Test
    void an_invalid_workspace_fails_with_the_tools_message_and_is_not_planned() throws Exception {
        Files.writeString(root.resolve("workspaces/hello/broken.tf"),
                "resource \"local_file\" \"broken\" {\n  filename = var.missing\n  content  = \"x\"\n}\n");

        ReviewResult r = review();

        assertThat(r.invalid()).isTrue();
        assertThat(r.validationMessage()).contains("Error: Reference to undeclared input variable",
                "on broken.tf line 2");
        assertThat(r.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.run().error()).isEqualTo(r.validationMessage());
        assertThat(db.plans().find(r.run().runId())).isEmpty();
    }
}
