package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.DaemonConfig;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftResolution;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.notify.DriftNotifier;
import dev.plumbline.notify.DriftState;
import dev.plumbline.notify.WebhookChannel;
import dev.plumbline.policy.Decision;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftSpan;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.RealToolchain;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift history across a hand edit, a remediation, a change in Git and a change undone by hand, and a remediation
 * held outside its window: the real tofu with the local provider, real Git repositories and a real H2 file.
 */
class DriftHistoryIT {
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final String GREETING = "local_file.greeting";

    @TempDir
    Path tmp;

    private InfraRepo repo;
    private Database db;
    private Catalog catalog;
    private Reconciler reconciler;

    @AfterEach
    void close() {
        if (catalog != null) {
            catalog.close();
        }
        if (db != null) {
            db.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void a_remediated_drift_is_resolved_by_its_apply_run() throws Exception {
        start("drift: {on_drift: remediate}");
        reconciler.reconcile(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
        Files.writeString(managed(), "changed by hand\n");

        Outcome drifted = check();
        assertThat(drifted.plan().classification()).isEqualTo(Classification.DRIFTED);
        assertThat(drifted.applied()).isTrue();
        assertThat(check().plan().classification()).isEqualTo(Classification.IN_SYNC);

        DriftSpan span = only();
        assertThat(span.address()).isEqualTo(GREETING);
        assertThat(span.firstRunId()).isEqualTo(drifted.plan().runId());
        assertThat(span.resolved().how()).isEqualTo(DriftResolution.REMEDIATED);
        assertThat(span.resolved().byRunId()).isEqualTo(drifted.apply().runId());
        assertThat(db.driftHistory().open(Optional.empty())).isEmpty();
    }

    @Test
    void a_drift_undone_by_hand_went_back_and_one_taken_into_git_was_changed_in_git() throws Exception {
        start("drift: {on_drift: report}");
        reconciler.reconcile(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
        String original = Files.readString(managed());

        Files.writeString(managed(), "changed by hand\n");
        assertThat(check().plan().classification()).isEqualTo(Classification.DRIFTED);
        assertThat(db.driftHistory().open(Optional.of(HELLO))).singleElement()
                .satisfies(s -> assertThat(s.checks()).isEqualTo(1));
        assertThat(check().plan().classification()).isEqualTo(Classification.DRIFTED);
        assertThat(db.driftHistory().open(Optional.of(HELLO))).singleElement()
                .satisfies(s -> assertThat(s.checks()).isEqualTo(2));
        Files.writeString(managed(), original);
        assertThat(check().plan().classification()).isEqualTo(Classification.IN_SYNC);
        assertThat(only().resolved().how()).isEqualTo(DriftResolution.WENT_BACK);

        Files.writeString(managed(), "changed by hand\n");
        assertThat(check().plan().classification()).isEqualTo(Classification.DRIFTED);
        String main = repo.read("workspaces/hello/main.tf");
        String commit = repo.write("workspaces/hello/main.tf", main.replace(
                "\"Hello from ${random_pet.name.id}. This file is managed by Plumbline.\\n\"",
                "\"changed by hand\\n\"")).commit("Keep the greeting as it was changed by hand");
        catalog.refresh("infra");
        Outcome taken = reconciler.reconcile(HELLO, Trigger.PUSH, Attempt.FIRST, Cancellation.none());
        assertThat(taken.applied()).isTrue();
        assertThat(check().plan().classification()).isEqualTo(Classification.IN_SYNC);

        List<DriftSpan> spans = db.driftHistory().of(HELLO, Optional.of(GREETING), 10);
        assertThat(spans).hasSize(2);
        assertThat(spans.get(0).resolved().how()).isEqualTo(DriftResolution.CHANGED_IN_GIT);
        assertThat(spans.get(0).resolved().byCommit()).isEqualTo(commit);
        assertThat(spans.get(0).resolved().byRunId()).isEqualTo(taken.apply().runId());
        assertThat(managed()).hasContent("changed by hand\n");
    }

    @Test
    void a_remediation_outside_its_window_waits_for_approval_and_says_why() throws Exception {
        // a window on the day after tomorrow only: never now
        DayOfWeek other = ZonedDateTime.now(ZoneOffset.UTC).getDayOfWeek().plus(2);
        String window = other.getDisplayName(TextStyle.SHORT, Locale.ROOT) + " 00:00-23:59 UTC";
        start("drift: {on_drift: remediate, remediate: {windows: [\"" + window + "\"]}}");
        // a channel nobody listens on: the held remediation's event is read from the outbox
        DriftNotifier notifier = new DriftNotifier(new DriftState(db),
                List.of(new WebhookChannel(URI.create("http://127.0.0.1:9/hook"), () -> "s3cret")), null);
        reconciler = new Reconciler(db, catalog, new WorkspaceRunner(db, RealToolchain.get(), tmp.resolve("data"),
                System.getenv(), new RunOptions(null, null, null, notifier, RunOptions.DEFAULT_LOCK_TIMEOUT)));
        reconciler.reconcile(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
        Files.writeString(managed(), "changed by hand\n");

        Outcome o = check();

        assertThat(o.plan().classification()).isEqualTo(Classification.DRIFTED);
        assertThat(o.decision().verdict()).isEqualTo(Decision.Verdict.AWAIT_APPROVAL);
        assertThat(o.decision().reason()).startsWith("remediation held for approval: it is ")
                .endsWith("outside drift.remediate.windows (" + window + ")");
        assertThat(o.apply()).isNull();
        assertThat(managed()).hasContent("changed by hand\n");
        assertThat(db.audit().recent(5)).anySatisfy(e -> assertThat(e.detail()).contains("drift.remediate.windows"));
        assertThat(db.notificationOutbox().list(Optional.empty(), 10)).anySatisfy(n -> {
            assertThat(n.event().transition()).isEqualTo("held");
            assertThat(n.event().runId()).isEqualTo(o.plan().runId());
            assertThat(n.event().payload()).contains("outside drift.remediate.windows (" + window + ")")
                    .doesNotContain("changed by hand");
        });
        notifier.close();
    }

    private void start(String helloPolicy) throws Exception {
        Path out = tmp.resolve("managed");
        Files.createDirectories(out);
        repo = InfraRepo.withExamples(tmp, """
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    apply: auto
                    %s
                    variables: {output_dir: "%s"}
                """.formatted(helloPolicy, out));
        Path configFile = tmp.resolve("plumbline.yaml");
        Files.writeString(configFile, repo.daemonConfig("infra", tmp.resolve("data")));
        DaemonConfig config = DaemonConfig.load(configFile);
        db = Database.open(config.dataDir().resolve("plumbline"), config.dataDir().resolve("plan.key"));
        catalog = new Catalog(config.repos(), config.dataDir(), Map.of(), db.validSettings());
        reconciler = new Reconciler(db, catalog,
                new WorkspaceRunner(db, RealToolchain.get(), config.dataDir(), System.getenv()));
        catalog.refresh("infra");
    }

    private Outcome check() {
        return reconciler.driftCheck(HELLO, Trigger.SCHEDULE, Attempt.FIRST, Cancellation.none());
    }

    private DriftSpan only() {
        List<DriftSpan> spans = db.driftHistory().of(HELLO, Optional.empty(), 10);
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private Path managed() {
        return tmp.resolve("managed").resolve("hello.txt");
    }
}
