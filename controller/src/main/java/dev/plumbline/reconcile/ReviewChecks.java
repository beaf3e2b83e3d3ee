package dev.plumbline.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.runner.Tofu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a pull request's plan runs after init: {@code fmt -check} over the checked-out tree (the workspace and
 * the modules it uses), then {@code validate -json} in the workspace. Formatting is reported, never blocking; a
 * configuration that does not validate is not planned. What the tools said is redacted before it is kept.
 */
final class ReviewChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Verdict {
        PASSED,
        /** validate found errors: the run fails with {@link #validationMessage()}. */
        INVALID,
        /** a check could not run at all (timed out, cancelled): {@link #broken()} says how. */
        BROKEN
    }

    private List<String> fmtProblems = List.of();
    private String validationMessage = "";
    private CommandResult broken;
    private boolean invalid;

    Verdict run(Tofu tofu, Path sourceRoot, Path workDir, StoredLog log, Cancellation cancel) {
        log.note("plumbline: " + tofu.tool().command() + " fmt -check");
        CommandResult fmt = tofu.fmtCheck(sourceRoot).call(log, cancel);
        if (fmt.ending() != CommandResult.Ending.EXITED) {
            broken = fmt;
            return Verdict.BROKEN;
        }
        if (fmt.exitCode() != 0) {
            fmtProblems = fmt.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                    .map(l -> tofu.redactor().redact(l)).toList();
            log.note("plumbline: fmt -check: " + (fmtProblems.isEmpty() ? "exit code " + fmt.exitCode()
                    : "not formatted: " + String.join(", ", fmtProblems)));
        }
        log.note("plumbline: " + tofu.tool().command() + " validate");
        CommandResult validate = tofu.validateJson(workDir).call(log, cancel);
        if (validate.ending() != CommandResult.Ending.EXITED) {
            broken = validate;
            return Verdict.BROKEN;
        }
        JsonNode report = read(validate.stdout());
        validationMessage = tofu.redactor().redact(describe(report, validate));
        if (!validationMessage.isEmpty()) {
            log.note("plumbline: validate: " + validationMessage);
        }
        boolean valid = report != null ? report.path("valid").asBoolean(false) : validate.exitCode() == 0;
        invalid = !valid;
        if (invalid && validationMessage.isEmpty()) {
            validationMessage = validate.describeFailure();
        }
        return valid ? Verdict.PASSED : Verdict.INVALID;
    }

    List<String> fmtProblems() {
        return fmtProblems;
    }

    String validationMessage() {
        return validationMessage;
    }

    boolean invalid() {
        return invalid;
    }

    CommandResult broken() {
        return broken;
    }

    private static JsonNode read(String stdout) {
        try {
            JsonNode n = JSON.readTree(stdout);
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** One paragraph per diagnostic, as tofu prints them: severity and summary, where, and the detail. */
    private static String describe(JsonNode report, CommandResult validate) {
        if (report == null) {
            return validate.exitCode() == 0 ? "" : validate.describeFailure();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode d : report.path("diagnostics")) {
            StringBuilder text = new StringBuilder();
            String severity = d.path("severity").asText("error");
            text.append(severity.isEmpty() ? "Error" : Character.toUpperCase(severity.charAt(0))
                    + severity.substring(1)).append(": ").append(d.path("summary").asText(""));
            JsonNode range = d.path("range");
            if (range.has("filename")) {
                text.append("\n  on ").append(range.path("filename").asText()).append(" line ")
                        .append(range.path("start").path("line").asInt());
            }
            String detail = d.path("detail").asText("");
            if (!detail.isEmpty()) {
                text.append("\n").append(detail);
            }
            parts.add(text.toString());
        }
        return String.join("\n\n", parts);
    }
}
