package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.plumbline.domain.Owner;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** On both stores: which owners are found gone, what happens to their runs, and who is never touched. */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"H2", "PostgreSQL"})
class LostOwnersTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    private static final WorkspaceId STAGING = new WorkspaceId("infra", "staging");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Parameter
    String store;

    @TempDir
    Path dataDir;

    private TestPostgres.Db server;
    private final List<LostRuns> told = new CopyOnWriteArrayList<>();

    private Database open() {
        if (store.equals("H2")) {
            return Database.open(dataDir.resolve("plumbline"), dataDir.resolve("plan.key"));
        }
        if (server == null) {
            server = TestPostgres.get().newDatabase("lost_owners");
        }
        return Database.openUrl(server.url(), server.user(), server.password(), 4, dataDir.resolve("plan.key"));
    }

    private static Owner owner(String host, long pid, Owner.Kind kind) {
        return Owner.of(host, pid, Instant.parse("2026-03-04T05:06:07Z"), kind);
    }

    private static long running(Database db, WorkspaceId ws, RunKind kind, Owner owner) {
        db.workspaces().ensure(ws, "envs/" + ws.name(), Tool.TOFU);
        return db.runs().start(NewRun.first(ws, kind, Trigger.PUSH, "0a1b2c3d", Tool.TOFU, "1.12.6")
                .ownedBy(owner.id()));
    }

    /** A reaper whose clock is {@code ahead} in the future, so owners registered now look that silent. */
    private LostOwners reaper(Database db, Owner self, Duration ahead) {
        Clock later = Clock.fixed(Instant.now().plus(ahead), ZoneOffset.UTC);
        return new LostOwners(db, self, TIMEOUT, told::add, later);
    }

    @Test
    void the_runs_of_an_owner_silent_past_the_timeout_are_interrupted_and_its_apply_reported() {
        try (Database db = open()) {
            Owner gone = owner("vm-b", 200, Owner.Kind.CLI);
            Owner self = owner("vm-a", 100, Owner.Kind.DAEMON);
            db.owners().register(gone);
            db.owners().register(self);
            long plan = running(db, PROD, RunKind.PLAN, gone);
            db.runs().finish(plan, RunOutcome.succeeded(2, null, null));
            long apply = running(db, PROD, RunKind.APPLY, gone);
            db.runs().linkPlan(apply, plan);
            long check = running(db, STAGING, RunKind.DRIFT_CHECK, gone);

            List<LostRuns> lost = reaper(db, self, Duration.ofSeconds(75)).reapSilent();

            assertThat(lost).singleElement().satisfies(l -> {
                assertThat(l.owner()).isEqualTo(gone);
                assertThat(l.interrupted()).extracting(Run::id).containsExactly(apply, check);
                assertThat(l.applies()).extracting(Run::id, Run::workspace).containsExactly(
                        tuple(apply, PROD));
            });
            assertThat(told).isEqualTo(lost);
            Run cutOff = db.runs().find(apply).orElseThrow();
            assertThat(cutOff.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(cutOff.errorMessage()).contains(gone.id()).containsPattern("no heartbeat for 7[5-9] s")
                    .contains("the timeout is 60 s");
            assertThat(db.audit().recent(10)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("apply.interrupted");
                assertThat(e.runId()).isEqualTo(apply);
                assertThat(e.detail()).contains("apply run " + apply + " of the plan of run " + plan)
                        .contains("gets a fresh plan, the apply is not run again");
            }).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("owner.lost");
                assertThat(e.detail()).contains(gone.id()).contains("2 run(s) marked interrupted")
                        .contains("found by " + self.id());
            });
            assertThat(db.owners().stopped(gone.id())).contains(true);
        }
    }

    @Test
    void an_owner_whose_heartbeat_is_recent_keeps_its_runs_and_so_does_the_reaper_itself() {
        try (Database db = open()) {
            Owner alive = owner("vm-b", 200, Owner.Kind.DAEMON);
            Owner self = owner("vm-a", 100, Owner.Kind.DAEMON);
            db.owners().register(alive);
            db.owners().register(self);
            long theirs = running(db, PROD, RunKind.APPLY, alive);
            long mine = running(db, STAGING, RunKind.PLAN, self);

            assertThat(reaper(db, self, Duration.ofSeconds(30)).reapSilent()).isEmpty();
            assertThat(reaper(db, self, Duration.ofMinutes(5)).reapSilent()).extracting(l -> l.owner().id())
                    .containsExactly(alive.id());

            assertThat(db.runs().find(mine).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(db.runs().find(theirs).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
        }
    }

    @Test
    void a_starting_daemon_takes_over_owners_of_its_host_whose_process_is_gone_and_no_live_one() throws Exception {
        try (Database db = open()) {
            String host = OwnerHeartbeat.hostName();
            Owner self = owner(host, 1, Owner.Kind.DAEMON);
            Owner deadCli = owner(host, exitedPid(), Owner.Kind.CLI);
            Owner liveCli = OwnerHeartbeat.thisProcess(Owner.Kind.CLI);
            Owner elsewhere = owner("another-" + host, exitedPid(), Owner.Kind.DAEMON);
            for (Owner o : List.of(self, deadCli, liveCli, elsewhere)) {
                db.owners().register(o);
            }
            long ofDead = running(db, PROD, RunKind.APPLY, deadCli);
            long ofLive = running(db, STAGING, RunKind.PLAN, liveCli);
            long ofElsewhere = running(db, STAGING, RunKind.DRIFT_CHECK, elsewhere);

            List<LostRuns> lost = reaper(db, self, Duration.ZERO).recoverThisHost();

            assertThat(lost).extracting(l -> l.owner().id()).containsExactly(deadCli.id());
            assertThat(db.runs().find(ofDead).orElseThrow().errorMessage()).contains("is no longer running");
            assertThat(db.runs().find(ofLive).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(db.runs().find(ofElsewhere).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void two_daemons_finding_the_same_lost_owner_take_it_over_once() throws Exception {
        try (Database db = open(); Database other = open()) {
            Owner gone = owner("vm-c", 300, Owner.Kind.CLI);
            db.owners().register(gone);
            running(db, PROD, RunKind.PLAN, gone);
            LostOwners one = reaper(db, owner("vm-a", 1, Owner.Kind.DAEMON), Duration.ofMinutes(2));
            LostOwners two = reaper(other, owner("vm-b", 2, Owner.Kind.DAEMON), Duration.ofMinutes(2));

            Thread t = new Thread(one::reapSilent);
            t.start();
            two.reapSilent();
            t.join();

            assertThat(told).hasSize(1);
            assertThat(told.get(0).interrupted()).hasSize(1);
        }
    }

    /** The pid of a process that has ended. */
    private static long exitedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
