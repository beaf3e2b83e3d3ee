package dev.plumbline.notify;

import static dev.plumbline.notify.NotifyFixture.changed;
import static dev.plumbline.notify.NotifyFixture.deleted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.store.DriftFinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftObservationTest {
    private static String fingerprint(DriftFinding... findings) {
        return new DriftObservation(1, Classification.DRIFTED, List.of(findings)).fingerprint();
    }

    @Test
    void fingerprint_ignores_order_duplicates_and_values() {
        DriftFinding a = changed("aws_s3_bucket.logs", "tags.owner");
        DriftFinding b = deleted("aws_iam_role.ci");
        DriftFinding aOtherValues = new DriftFinding(a.address(), a.action(), a.attributePath(), "x", "y");

        assertThat(fingerprint(a, b)).isEqualTo(fingerprint(b, a)).isEqualTo(fingerprint(b, aOtherValues, a));
    }

    @Test
    void fingerprint_tells_apart_address_action_and_attribute_path() {
        String base = fingerprint(changed("aws_s3_bucket.logs", "tags.owner"));

        assertThat(fingerprint(changed("aws_s3_bucket.logs2", "tags.owner"))).isNotEqualTo(base);
        assertThat(fingerprint(changed("aws_s3_bucket.logs", "tags.team"))).isNotEqualTo(base);
        assertThat(fingerprint(new DriftFinding("aws_s3_bucket.logs", "has been replaced", "tags.owner", null, null)))
                .isNotEqualTo(base);
    }

    @Test
    void fingerprint_cannot_be_fooled_by_moving_text_between_fields() {
        assertThat(fingerprint(new DriftFinding("null_resource.ab", "c", "d", null, null)))
                .isNotEqualTo(fingerprint(new DriftFinding("null_resource.a", "bc", "d", null, null)))
                .isNotEqualTo(fingerprint(new DriftFinding("null_resource.ab", "", "cd", null, null)));
    }

    @Test
    void a_missing_attribute_path_is_the_same_as_an_empty_one() {
        assertThat(fingerprint(new DriftFinding("aws_iam_role.ci", "has been deleted", null, null, null)))
                .isEqualTo(fingerprint(new DriftFinding("aws_iam_role.ci", "has been deleted", "", null, null)));
    }

    @Test
    void drifted_addresses_are_sorted_and_listed_once() {
        var seen = new DriftObservation(1, Classification.DRIFTED, List.of(changed("b.x", "p"), changed("a.y", "q"),
                changed("b.x", "r")));
        assertThat(seen.driftedAddresses()).containsExactly("a.y", "b.x");
    }

    @Test
    void errored_or_unclassified_checks_are_neither_drifted_nor_in_sync() {
        var errored = new DriftObservation(1, Classification.ERRORED, List.of(changed("b.x", "p")));
        var unclassified = new DriftObservation(1, null, List.of());

        assertThat(errored.errored()).isTrue();
        assertThat(errored.drifted()).isFalse();
        assertThat(unclassified.errored()).isTrue();
    }
}
