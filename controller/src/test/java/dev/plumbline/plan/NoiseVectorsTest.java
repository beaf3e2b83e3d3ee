package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.plumbline.config.AddressGlob;
import dev.plumbline.config.AttributePath;
import dev.plumbline.config.IgnoreRule;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cyrilgdn/postgresql plans kept in ../shared/vectors (real {@code tofu show -json} against a PostgreSQL 15,
 * see its README): the provider's noise right after a create, and real drift after changes made by hand with psql.
 * Skipped, saying so, when ../shared is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoiseVectorsTest {
    private Path vectors;

    @BeforeAll
    void findVectors() {
        String repoRoot = System.getProperty("plumbline.repoRoot", ".");
        vectors = Path.of(repoRoot).resolve("../shared/vectors/cyrilgdn-postgresql").normalize();
        Assumptions.assumeTrue(Files.isDirectory(vectors),
                "skipped: the shared test vectors are absent (expected " + vectors + ")");
    }

    @Test
    void noise_right_after_a_create_is_in_sync_and_each_entry_is_kept_as_noise() throws Exception {
        PlanAnalysis analysis = analysis("after-create.json", List.of());

        assertThat(analysis.plan().resourceDrift()).hasSize(2);
        assertThat(analysis.classification()).isEqualTo(Classification.IN_SYNC);
        assertThat(analysis.realDrift()).isEmpty();
        assertThat(analysis.driftFindings()).extracting(f -> f.address() + " " + f.attributePath())
                .containsExactlyInAnyOrder("postgresql_role.app roles", "postgresql_role.app search_path",
                        "postgresql_role.reader roles", "postgresql_role.reader search_path");
        assertThat(analysis.driftFindings()).extracting(DriftFinding::disposition)
                .containsOnly(DriftDisposition.NOISE);
        assertThat(analysis.text()).contains("Classification: in_sync", "Noise, the same value written two ways")
                .doesNotContain("Changed outside of Plumbline/Git");
    }

    @Test
    void changes_made_by_hand_are_drifted_with_three_findings() throws Exception {
        PlanAnalysis analysis = analysis("hand-changes.json", List.of());

        assertThat(analysis.classification()).isEqualTo(Classification.DRIFTED);
        assertThat(analysis.realDrift()).extracting(f -> f.address() + " " + f.attributePath() + " " + f.before()
                        + " -> " + f.after())
                .containsExactlyInAnyOrder("postgresql_role.app connection_limit 5 -> 50",
                        "postgresql_database.app connection_limit 10 -> 3",
                        "postgresql_grant.reader_usage privileges[0] \"USAGE\" -> null");
        assertThat(analysis.driftFindings()).hasSize(3);
    }

    @Test
    void an_ignore_rule_on_one_attribute_leaves_the_others_drifted() throws Exception {
        IgnoreRule limits = new IgnoreRule(".plumbline.yaml: workspaces[0].drift.ignore[0]",
                AddressGlob.of("postgresql_*.app"), List.of(AttributePath.parse("connection_limit")), "pooler");

        PlanAnalysis analysis = analysis("hand-changes.json", List.of(limits));

        assertThat(analysis.classification()).isEqualTo(Classification.DRIFTED);
        assertThat(analysis.realDrift()).extracting(DriftFinding::address)
                .containsExactly("postgresql_grant.reader_usage");
        assertThat(analysis.driftFindings()).filteredOn(f -> f.disposition() == DriftDisposition.IGNORED)
                .extracting(DriftFinding::address, DriftFinding::rule)
                .containsExactlyInAnyOrder(
                        tuple("postgresql_role.app", limits.name()),
                        tuple("postgresql_database.app", limits.name()));
    }

    @Test
    void ignoring_every_drifted_attribute_leaves_changes_pending_not_drifted() throws Exception {
        IgnoreRule all = new IgnoreRule("daemon config: drift.ignore[0]", AddressGlob.of("*"), List.of(), "test");

        PlanAnalysis analysis = analysis("hand-changes.json", List.of(all));

        // the plan still reverses the three changes: it is not in sync, but it is no longer drift
        assertThat(analysis.classification()).isEqualTo(Classification.CHANGES_PENDING);
        assertThat(analysis.realDrift()).isEmpty();
    }

    private PlanAnalysis analysis(String file, List<IgnoreRule> rules) throws IOException, PlanFormatException {
        return PlanAnalysis.of(PlanReader.read(Files.readAllBytes(vectors.resolve(file))), false, rules);
    }
}
