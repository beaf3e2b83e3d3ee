package dev.plumbline.rego;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.PolicyResult.Kind;
import dev.plumbline.domain.PolicyResult.Message;
import dev.plumbline.domain.PolicyResult.Outcome;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.runner.Opa;
import dev.plumbline.runner.OutputSink;
import dev.plumbline.runner.Redactor;
import dev.plumbline.runner.RunnerException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Evaluates one policy set against one plan with OPA and reads the answer by conftest's conventions. Policies are
 * read as Rego v1 first and, when that fails to parse, as Rego before v1.0 ({@code deny[msg] { ... }}, as most
 * conftest policies are written), so both work unchanged. Whatever goes wrong (a syntax error, a conflict, a
 * timeout, a namespace no file declares) is an {@link Outcome#ERRORED} result with the tool's message: a mandatory
 * set that cannot be evaluated blocks like one that denies.
 */
public final class Evaluation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERRORS = 5;

    private final Opa opa;
    private final Duration timeout;
    private final Set<String> readAsV0;

    public Evaluation(Opa opa, Duration timeout) {
        this(opa, timeout, ConcurrentHashMap.newKeySet());
    }

    /**
     * {@code readAsV0} remembers, across evaluations, the sets whose policies parsed only as Rego before v1.0: they
     * are read that way first next time, which saves OPA a start that would fail to parse them.
     */
    public Evaluation(Opa opa, Duration timeout, Set<String> readAsV0) {
        this.opa = opa;
        this.timeout = timeout;
        this.readAsV0 = readAsV0;
    }

    /**
     * The set's verdict on {@code plan} (the unmasked {@code show -json} document, handed to OPA on its standard
     * input only). Every message and error passes through {@code mask} first.
     */
    public PolicyResult evaluate(PolicyFiles set, byte[] plan, UnaryOperator<String> mask, Cancellation cancel) {
        long started = System.nanoTime();
        try {
            Answer answer = readAsV0.contains(set.set()) ? run(set, plan, true, cancel) : null;
            if (answer == null || answer.parseFailed()) {
                Answer v1 = run(set, plan, false, cancel);
                answer = v1;
                readAsV0.remove(set.set());
                if (v1.parseFailed()) {
                    Answer v0 = run(set, plan, true, cancel);
                    answer = v0.value() != null || v1.looksV0() ? v0 : v1;
                    if (v0.value() != null) {
                        readAsV0.add(set.set());
                    }
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (answer.error() != null) {
                return errored(set, mask.apply(relative(answer.error(), set)), elapsed);
            }
            List<Message> messages = new ArrayList<>();
            for (Message m : Conftest.messages(answer.value(), set.namespaces())) {
                messages.add(new Message(m.kind(), m.rule(), mask.apply(m.text())));
            }
            return result(set, messages, elapsed);
        } catch (RegoException | RunnerException e) {
            return errored(set, mask.apply(relative(e.getMessage(), set)),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static PolicyResult result(PolicyFiles set, List<Message> all, Duration elapsed) {
        List<Message> kept = all.size() <= Conftest.MAX_MESSAGES ? all : new ArrayList<>(all.subList(0,
                Conftest.MAX_MESSAGES));
        boolean denied = all.stream().anyMatch(m -> m.kind() == Kind.DENY);
        if (kept.size() < all.size()) {
            kept.add(new Message(denied ? Kind.DENY : Kind.WARN, "plumbline", (all.size() - kept.size())
                    + " more messages are not shown"));
        }
        Outcome outcome = denied ? Outcome.DENIED : all.isEmpty() ? Outcome.PASSED : Outcome.WARNED;
        return new PolicyResult(set.set(), set.enforcement(), outcome, kept, null, elapsed);
    }

    private static PolicyResult errored(PolicyFiles set, String why, Duration elapsed) {
        return new PolicyResult(set.set(), set.enforcement(), Outcome.ERRORED, List.of(),
                "evaluating policy set " + set.set() + ": " + why, elapsed);
    }

    /** OPA's answer: the evaluated {@code data} document, or why there is none. */
    private record Answer(JsonNode value, String error, boolean parseFailed, boolean looksV0) { }

    private Answer run(PolicyFiles set, byte[] plan, boolean v0, Cancellation cancel) {
        List<String> stderr = new ArrayList<>();
        OutputSink errors = line -> {
            synchronized (stderr) {
                if (stderr.size() < MAX_ERRORS) {
                    stderr.add(line.text());
                }
            }
        };
        CommandResult r = opa.eval(set.data(), plan, v0, timeout, Redactor.none(), errors, cancel);
        if (r.ending() == CommandResult.Ending.TIMED_OUT) {
            return new Answer(null, "opa eval timed out after " + r.elapsed().toSeconds() + "s", false, false);
        }
        if (r.ending() == CommandResult.Ending.CANCELLED) {
            return new Answer(null, "opa eval was cancelled", false, false);
        }
        JsonNode out;
        try {
            out = r.stdout().isBlank() ? null : JSON.readTree(r.stdout());
        } catch (IOException e) {
            out = null;
        }
        if (out != null && out.has("errors")) {
            return errors(out.get("errors"));
        }
        if (!r.succeeded() || out == null) {
            String said;
            synchronized (stderr) {
                said = stderr.isEmpty() ? "" : ": " + String.join(" | ", stderr);
            }
            return new Answer(null, "opa eval exit code " + r.exitCode() + said, false, false);
        }
        JsonNode value = out.path("result").path(0).path("expressions").path(0).path("value");
        return value.isObject() ? new Answer(value, null, false, false)
                : new Answer(null, "opa eval gave no document", false, false);
    }

    private static Answer errors(JsonNode errors) {
        List<String> said = new ArrayList<>();
        boolean parse = false;
        boolean v0 = false;
        for (JsonNode e : errors) {
            String code = e.path("code").asText("");
            String message = e.path("message").asText("");
            parse |= code.equals("rego_parse_error");
            v0 |= message.contains("keyword is required");
            if (said.size() < MAX_ERRORS) {
                JsonNode at = e.path("location");
                String where = at.has("file") ? at.path("file").asText() + ":" + at.path("row").asInt() + ": " : "";
                said.add(where + (code.isEmpty() ? "" : code + ": ") + message);
            }
        }
        if (errors.size() > MAX_ERRORS) {
            said.add("and " + (errors.size() - MAX_ERRORS) + " more");
        }
        return new Answer(null, String.join("; ", said), parse, v0);
    }

    /** Error messages name the set's files relative to where the set's files were put for OPA. */
    private static String relative(String text, PolicyFiles set) {
        String out = text == null ? "" : text;
        for (Path p : set.data()) {
            out = out.replace(p + "/", "");
        }
        return out;
    }
}
