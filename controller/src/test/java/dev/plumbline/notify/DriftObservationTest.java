package dev.plumbline.notify;

import static dev.plumbline.notify.NotifyFixture.changed;
import static dev.plumbline.notify.NotifyFixture.deleted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftObservationTest {
    private static String fingerprint(DriftFinding... findings) {
        return new DriftObservation(1, Classification.DRIFTED, List.of(findings)).fingerprint();
    }

    private static DriftFinding finding(String address, DriftAction action, String path) {
        return new DriftFinding(address, action, path, null, null);
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
        assertThat(fingerprint(new DriftFinding("aws_s3_bucket.logs", DriftAction.REPLACE, "tags.owner", null, null)))
                .isNotEqualTo(base);
    }

    @Test
    void fingerprint_cannot_be_fooled_by_moving_text_between_fields() {
        // run together, "null_resource.update" + "delete" + "" and "null_resource." + "update" + "delete" read the same
        assertThat(fingerprint(finding("null_resource.update", DriftAction.DELETE, "")))
                .isNotEqualTo(fingerprint(finding("null_resource.", DriftAction.UPDATE, "delete")));
        assertThat(fingerprint(finding("null_resource.a", DriftAction.UPDATE, "update")))
                .isNotEqualTo(fingerprint(finding("null_resource.aupdate", DriftAction.UPDATE, "")));
    }

    @Test
    void fingerprint_hashes_the_action_code_not_its_prose() {
        // stored in drift_notifications: a new release must compute the same value for the same drift
        assertThat(fingerprint(changed("aws_s3_bucket.logs", "tags.owner"), deleted("aws_iam_role.ci")))
                .isEqualTo(sha256("aws_iam_role.ci\0delete\0\0aws_s3_bucket.logs\0update\0tags.owner\0"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_missing_attribute_path_is_the_same_as_an_empty_one() {
        assertThat(fingerprint(new DriftFinding("aws_iam_role.ci", DriftAction.DELETE, null, null, null)))
                .isEqualTo(fingerprint(new DriftFinding("aws_iam_role.ci", DriftAction.DELETE, "", null, null)));
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
