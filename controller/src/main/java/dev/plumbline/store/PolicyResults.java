package dev.plumbline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.PolicyResult.Kind;
import dev.plumbline.domain.PolicyResult.Message;
import dev.plumbline.domain.PolicyResult.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each policy set said about a run's plan, written with the plan. The messages arrive masked; they are kept
 * as a JSON list per set.
 */
public final class PolicyResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scope scope;

    PolicyResults(Scope scope) {
        this.scope = scope;
    }

    public void record(long runId, List<PolicyResult> results) {
        String doing = "recording the policy results of run " + runId;
        scope.run(doing, c -> {
            for (PolicyResult r : results) {
                Sql.insert(c, "INSERT INTO policy_results (run_id, set_name, enforcement, outcome, messages, error,"
                        + " elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setLong(1, runId);
                            ps.setString(2, r.set());
                            ps.setString(3, r.enforcement().wire());
                            ps.setString(4, r.outcome().wire());
                            ps.setString(5, messages(r.messages(), doing));
                            Sql.setString(ps, 6, r.error());
                            ps.setLong(7, r.elapsed().toMillis());
                        });
            }
            return null;
        });
    }

    /** The results of a run's plan, in the order the sets were evaluated; empty when no set checked it. */
    public List<PolicyResult> forRun(long runId) {
        return scope.run("reading the policy results of run " + runId, c -> Sql.list(c,
                "SELECT set_name, enforcement, outcome, messages, error, elapsed_ms FROM policy_results"
                        + " WHERE run_id = ? ORDER BY id", ps -> ps.setLong(1, runId), PolicyResults::row));
    }

    private static PolicyResult row(ResultSet rs) throws SQLException {
        List<Message> messages = new ArrayList<>();
        try {
            for (Map<String, String> m : JSON.readValue(rs.getString("messages"),
                    new TypeReference<List<Map<String, String>>>() { })) {
                messages.add(new Message(Kind.parse(m.get("kind")), m.get("rule"), m.get("text")));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("the messages of policy set " + rs.getString("set_name") + " are not JSON: "
                    + e.getOriginalMessage(), e);
        }
        return new PolicyResult(rs.getString("set_name"), Enforcement.parse(rs.getString("enforcement")),
                Outcome.parse(rs.getString("outcome")), messages, rs.getString("error"),
                Duration.ofMillis(rs.getLong("elapsed_ms")));
    }

    private static String messages(List<Message> messages, String doing) {
        List<Map<String, String>> out = new ArrayList<>();
        messages.forEach(m -> out.add(Map.of("kind", m.kind().wire(), "rule", m.rule(), "text", m.text())));
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new StoreException(doing + ": " + e.getOriginalMessage(), e);
        }
    }
}
