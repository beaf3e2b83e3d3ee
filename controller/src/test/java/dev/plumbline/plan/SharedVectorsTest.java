package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reads the plans of OpenTofu's own test data kept in ../shared/vectors (see its README): modules, counts,
 * moves and refresh-only corners that the project's own fixtures do not reach. Skipped when ../shared is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedVectorsTest {
    private Path vectors;

    @BeforeAll
    void findVectors() {
        String repoRoot = System.getProperty("plumbline.repoRoot", ".");
        vectors = Path.of(repoRoot).resolve("../shared/vectors/opentofu-show-json").normalize();
        Assumptions.assumeTrue(Files.isDirectory(vectors),
                "skipped: the shared test vectors are absent (expected " + vectors + ")");
    }

    @Test
    void every_vector_is_read_and_its_masked_json_is_a_readable_plan() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(vectors)) {
            files = walk.filter(p -> p.getFileName().toString().matches("output.*\\.json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        for (Path file : files) {
            Plan plan = PlanReader.read(Files.readAllBytes(file));
            Plan again = PlanReader.read(plan.maskedJson());
            assertThat(again.resourceChanges()).as(file.toString()).isEqualTo(plan.resourceChanges());
        }
    }

    @Test
    void counted_resources_are_counted_one_by_one() throws Exception {
        PlanAnalysis analysis = analysis("basic-create/output.json");

        assertThat(analysis.classification()).isEqualTo(Classification.CHANGES_PENDING);
        assertThat(analysis.counts()).isEqualTo(new ResourceCounts(3, 0, 0, 0));
        assertThat(analysis.plan().resourceChanges()).extracting(ResourceChange::address)
                .containsExactly("test_instance.test[0]", "test_instance.test[1]", "test_instance.test[2]");
    }

    @Test
    void resource_removed_from_configuration_counts_as_destroy_with_its_reason() throws Exception {
        PlanAnalysis analysis = analysis("basic-delete/output.json");

        assertThat(analysis.counts()).isEqualTo(new ResourceCounts(0, 1, 1, 0));
        ResourceChange deleted = PlanReaderTest.change(analysis.plan(), "test_instance.test-delete");
        assertThat(deleted.kind()).isEqualTo(ChangeKind.DELETE);
        assertThat(deleted.actionReason()).isEqualTo("delete_because_no_resource_config");
        ResourceChange updated = PlanReaderTest.change(analysis.plan(), "test_instance.test");
        assertThat(updated.changedAttributes()).containsExactly("ami");
    }

    @Test
    void resources_in_modules_keep_their_module_address() throws Exception {
        Plan plan = analysis("nested-modules/output.json").plan();

        ResourceChange nested = plan.resourceChanges().get(0);
        assertThat(nested.address()).isEqualTo("module.my_module.module.more.test_instance.test");
        assertThat(nested.moduleAddress()).isEqualTo("module.my_module.module.more");
    }

    @Test
    void moved_resource_keeps_its_previous_address() throws Exception {
        PlanAnalysis analysis = analysis("moved/output.json");

        ResourceChange moved = analysis.plan().resourceChanges().get(0);
        assertThat(moved.previousAddress()).isEqualTo("test_instance.foo");
        assertThat(moved.moved()).isTrue();
        assertThat(analysis.text()).contains("# test_instance.baz will be updated in-place", "moved from test_instance.foo");
    }

    @Test
    void refresh_only_plan_with_only_a_new_output_is_output_only() throws Exception {
        PlanAnalysis analysis = analysis("conditions/output-refresh-only.json");

        assertThat(analysis.classification()).isEqualTo(Classification.OUTPUT_ONLY);
        assertThat(analysis.counts()).isEqualTo(new ResourceCounts(0, 0, 0, 0));
    }

    private PlanAnalysis analysis(String relative) throws IOException, PlanFormatException {
        return PlanAnalysis.of(PlanReader.read(Files.readAllBytes(vectors.resolve(relative))));
    }
}
