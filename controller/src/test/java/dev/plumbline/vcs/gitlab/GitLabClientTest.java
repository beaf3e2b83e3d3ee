package dev.plumbline.vcs.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.plumbline.vcs.CommitState;
import dev.plumbline.vcs.LogCapture;
import dev.plumbline.vcs.PlanReport;
import dev.plumbline.vcs.PullRequest;
import dev.plumbline.vcs.VcsException;
import dev.plumbline.vcs.VcsFixtures;
import dev.plumbline.vcs.VcsHost;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitLabClientTest {
    private static final String TOKEN = "glpat-never-printed-8d1f";
    private static final String PROJECT = "/api/v4/projects/acme%2Fplatform%2Finfra";
    private static final String MR = PROJECT + "/merge_requests/7";
    private static final String SHA = "7b3c2f0e9d81a6c54e1f2b7a90d3c8e6f5a4b1c2";

    private WireMockServer gitlab;
    private GitLabClient client;

    @BeforeEach
    void start() {
        gitlab = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        gitlab.start();
        client = new GitLabClient(URI.create(gitlab.baseUrl() + "/api/v4"), () -> TOKEN, VcsFixtures.FAST);
    }

    @AfterEach
    void stop() {
        gitlab.stop();
    }

    @Test
    void merge_request_is_read_by_encoded_project_path_with_its_approvals() {
        gitlab.stubFor(get(urlPathEqualTo(MR)).willReturn(okJson(mrJson(7, "opened", "mergeable", false))));
        gitlab.stubFor(get(urlPathEqualTo(MR + "/approvals")).willReturn(okJson("""
                {"id": 90211, "iid": 7, "project_id": 311, "approved": true, "approvals_required": 1,
                 "approvals_left": 0, "approved_by": [{"user": {"id": 3310, "username": "chen.lead"}}]}""")));

        PullRequest mr = client.pullRequest("acme/platform/infra", 7);

        assertThat(mr).isEqualTo(new PullRequest("acme/platform/infra", 7, PullRequest.State.OPEN, SHA,
                "nat-gateway", "main", "maria.ops", Optional.of(true), Optional.of(true)));
        gitlab.verify(getRequestedFor(urlPathEqualTo(MR))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void nothing_required_and_nobody_approved_is_not_approved() {
        gitlab.stubFor(get(urlPathEqualTo(MR)).willReturn(okJson(mrJson(7, "opened", "checking", false))));
        gitlab.stubFor(get(urlPathEqualTo(MR + "/approvals")).willReturn(okJson("""
                {"iid": 7, "approved": true, "approvals_required": 0, "approvals_left": 0, "approved_by": []}""")));

        PullRequest mr = client.pullRequest("acme/platform/infra", 7);

        assertThat(mr.approved()).contains(false);
        assertThat(mr.mergeable()).as("GitLab is still checking").isEmpty();
    }

    @Test
    void states_and_conflicts_are_mapped() {
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests/8"))
                .willReturn(okJson(mrJson(8, "merged", "not_open", false))));
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests/9"))
                .willReturn(okJson(mrJson(9, "opened", "conflict", true))));
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests/8/approvals"))
                .willReturn(okJson("{\"approved\": false, \"approved_by\": []}")));
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests/9/approvals"))
                .willReturn(okJson("{\"approved\": false, \"approved_by\": []}")));

        assertThat(client.pullRequest("acme/platform/infra", 8).state()).isEqualTo(PullRequest.State.MERGED);
        assertThat(client.pullRequest("acme/platform/infra", 9).mergeable()).contains(false);
    }

    @Test
    void changed_files_follow_x_next_page_and_keep_both_names_of_a_rename() {
        gitlab.stubFor(get(urlPathEqualTo(MR + "/diffs")).withQueryParam("per_page", equalTo("30"))
                .withQueryParam("page", absent()).willReturn(okJson("""
                        [{"old_path": "network/nat.tf", "new_path": "network/nat.tf", "a_mode": "0",
                          "b_mode": "100644", "new_file": true, "renamed_file": false, "deleted_file": false,
                          "diff": "@@ -0,0 +1,12 @@\\n+resource \\"aws_nat_gateway\\" \\"main\\" {\\n"}]""")
                        .withHeader("X-Next-Page", "2").withHeader("X-Page", "1")));
        gitlab.stubFor(get(urlPathEqualTo(MR + "/diffs")).withQueryParam("page", equalTo("2")).willReturn(okJson("""
                [{"old_path": "modules/net/main.tf", "new_path": "modules/vpc/main.tf", "renamed_file": true,
                  "new_file": false, "deleted_file": false, "diff": ""}]""")
                .withHeader("X-Next-Page", "").withHeader("X-Page", "2")));

        assertThat(client.changedFiles("acme/platform/infra", 7))
                .containsExactly("network/nat.tf", "modules/net/main.tf", "modules/vpc/main.tf");
    }

    @Test
    void report_note_is_created_once_then_updated_in_place() {
        gitlab.stubFor(get(urlPathEqualTo(MR + "/notes")).inScenario("notes").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("""
                        [{"id": 1907700, "body": "<!-- plumbline:report -->\\nchanged the description",
                          "system": true, "author": {"username": "maria.ops"}}]""")));
        gitlab.stubFor(post(urlPathEqualTo(MR + "/notes")).inScenario("notes").willSetStateTo("posted")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": 1907800, \"body\": \"...\", \"system\": false}")));
        gitlab.stubFor(get(urlPathEqualTo(MR + "/notes")).inScenario("notes").whenScenarioStateIs("posted")
                .willReturn(okJson("""
                        [{"id": 1907800, "body": "<!-- plumbline:report -->\\nfirst", "system": false}]""")));
        gitlab.stubFor(put(urlPathEqualTo(MR + "/notes/1907800")).willReturn(okJson("{\"id\": 1907800}")));

        long created = client.upsertComment("acme/platform/infra", 7, PlanReport.MARKER, PlanReport.MARKER + "\nfirst");
        long updated = client.upsertComment("acme/platform/infra", 7, PlanReport.MARKER,
                PlanReport.MARKER + "\nsecond");

        assertThat(created).isEqualTo(1907800L).isEqualTo(updated);
        gitlab.verify(getRequestedFor(urlPathEqualTo(MR + "/notes")).withQueryParam("sort", equalTo("asc"))
                .withQueryParam("order_by", equalTo("created_at")));
        gitlab.verify(1, postRequestedFor(urlPathEqualTo(MR + "/notes"))
                .withRequestBody(equalToJson("{\"body\": \"<!-- plumbline:report -->\\nfirst\"}")));
        gitlab.verify(1, putRequestedFor(urlPathEqualTo(MR + "/notes/1907800"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("{\"body\": \"<!-- plumbline:report -->\\nsecond\"}")));
    }

    @Test
    void commit_status_is_set_with_gitlabs_state_names() {
        gitlab.stubFor(post(urlPathEqualTo(PROJECT + "/statuses/" + SHA)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 93, \"status\": \"failed\"}")));

        client.setStatus("acme/platform/infra", SHA, VcsHost.planContext("network"), CommitState.ERROR,
                "Plumbline could not run the plan", null);

        gitlab.verify(postRequestedFor(urlPathEqualTo(PROJECT + "/statuses/" + SHA)).withRequestBody(equalToJson(
                "{\"state\": \"failed\", \"name\": \"plumbline/plan: network\", "
                        + "\"description\": \"Plumbline could not run the plan\"}")));
    }

    @Test
    void setting_the_status_it_already_has_is_not_an_error() {
        gitlab.stubFor(post(urlPathEqualTo(PROJECT + "/statuses/" + SHA)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"Cannot transition status via :enqueue from :pending (Reason(s): Status "
                        + "cannot transition via \\\"enqueue\\\")\"}")));

        client.setStatus("acme/platform/infra", SHA, VcsHost.planContext("network"), CommitState.PENDING,
                "Planning", "https://plumbline.acme.example/runs/41");

        gitlab.verify(1, postRequestedFor(urlPathEqualTo(PROJECT + "/statuses/" + SHA)));
    }

    @Test
    void developers_and_above_may_apply() {
        user("maria.ops", 4127);
        user("guest.user", 5001);
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/users")).withQueryParam("username", equalTo("nobody"))
                .willReturn(okJson("[]")));
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/members/all/4127")).willReturn(okJson(
                "{\"id\": 4127, \"username\": \"maria.ops\", \"access_level\": 30, \"state\": \"active\"}")));
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/members/all/5001")).willReturn(okJson(
                "{\"id\": 5001, \"username\": \"guest.user\", \"access_level\": 20, \"state\": \"active\"}")));
        user("outsider", 6002);
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/members/all/6002")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"404 Not found\"}")));

        assertThat(client.canWrite("acme/platform/infra", "maria.ops")).isTrue();
        assertThat(client.canWrite("acme/platform/infra", "guest.user")).isFalse();
        assertThat(client.canWrite("acme/platform/infra", "nobody")).isFalse();
        assertThat(client.canWrite("acme/platform/infra", "outsider")).isFalse();
    }

    @Test
    void open_merge_requests_are_listed_for_polling() {
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).withQueryParam("state", equalTo("opened"))
                .withQueryParam("page", absent())
                .willReturn(okJson("[" + mrJson(7, "opened", "mergeable", false) + "]").withHeader("X-Next-Page", "2")));
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + mrJson(9, "opened", "conflict", true) + "]")));

        assertThat(client.openPullRequests("acme/platform/infra"))
                .extracting(PullRequest::number, PullRequest::mergeable, PullRequest::approved)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(7, Optional.of(true), Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple(9, Optional.of(false), Optional.empty()));
    }

    @Test
    void rate_limit_is_retried_a_bounded_number_of_times_without_logging_the_token() {
        gitlab.stubFor(get(urlPathEqualTo(MR + "/diffs")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("still").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withBody("Retry later")));
        gitlab.stubFor(get(urlPathEqualTo(MR + "/diffs")).inScenario("limit").whenScenarioStateIs("still")
                .willReturn(okJson("[{\"old_path\": \"main.tf\", \"new_path\": \"main.tf\"}]")));
        gitlab.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).willReturn(aResponse().withStatus(503)));

        try (LogCapture logs = new LogCapture()) {
            assertThat(client.changedFiles("acme/platform/infra", 7)).containsExactly("main.tf");
            assertThatThrownBy(() -> client.openPullRequests("acme/platform/infra")).isInstanceOf(VcsException.class)
                    .hasMessage("listing open merge requests of acme/platform/infra: GET /projects/"
                            + "acme%2Fplatform%2Finfra/merge_requests?state=opened&per_page=100 answered 503 "
                            + "(gave up after 3 attempts)");
            assertThat(logs.lines()).hasSize(3).allSatisfy(l -> assertThat(l).doesNotContain(TOKEN));
        }
        gitlab.verify(3, getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests")));
    }

    @Test
    void refused_call_names_method_path_and_status() {
        gitlab.stubFor(get(urlPathEqualTo(MR)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"403 Forbidden\"}")));

        assertThatThrownBy(() -> client.pullRequest("acme/platform/infra", 7)).isInstanceOf(VcsException.class)
                .hasMessage("reading merge request acme/platform/infra!7: GET /projects/acme%2Fplatform%2Finfra/"
                        + "merge_requests/7 answered 403: 403 Forbidden")
                .hasMessageNotContaining(TOKEN);
        gitlab.verify(1, getRequestedFor(urlPathEqualTo(MR)));
    }

    private void user(String username, long id) {
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/users")).withQueryParam("username", equalTo(username))
                .willReturn(okJson("[{\"id\": " + id + ", \"username\": \"" + username + "\", \"state\": \"active\"}]")));
    }

    /** A merge request as GitLab's REST API returns it (the fields Plumbline reads, and some it does not). */
    private static String mrJson(int iid, String state, String detailedStatus, boolean conflicts) {
        return """
                {"id": 90211, "iid": %d, "project_id": 311, "title": "Add a NAT gateway", "state": "%s",
                 "target_branch": "main", "source_branch": "nat-gateway",
                 "author": {"id": 4127, "username": "maria.ops", "name": "Maria Ops"},
                 "draft": false, "merge_status": "can_be_merged", "detailed_merge_status": "%s",
                 "has_conflicts": %s, "sha": "%s",
                 "web_url": "https://gitlab.acme.example/acme/platform/infra/-/merge_requests/%d"}"""
                .formatted(iid, state, detailedStatus, conflicts, SHA, iid);
    }
}
