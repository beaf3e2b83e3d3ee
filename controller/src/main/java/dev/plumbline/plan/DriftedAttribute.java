package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;

/**
 * A drift finding while its masked values are still JSON, which {@link AnalysisJson} prints as they are; everything
 * outside this package sees it as a {@link DriftFinding}, values as text.
 */
record DriftedAttribute(String address, ChangeKind kind, AttributeChange change, DriftDisposition disposition,
                        String rule) {

    static DriftedAttribute of(String address, ChangeKind kind, String path, JsonNode before, JsonNode after) {
        return new DriftedAttribute(address, kind, new AttributeChange(path, before, after), DriftDisposition.DRIFT,
                null);
    }

    DriftedAttribute as(DriftDisposition value, String ruleName) {
        return new DriftedAttribute(address, kind, change, value, ruleName);
    }

    String path() {
        return change.path();
    }

    JsonNode before() {
        return change.before();
    }

    JsonNode after() {
        return change.after();
    }

    DriftFinding finding() {
        return new DriftFinding(address, kind.drift(), change.path(), change.beforeText(), change.afterText(),
                disposition, rule);
    }
}
