package dev.plumbline.vcs.github;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubClientTest {
    private static final String TOKEN = "ghs_t0ken-never-printed-4c2b";
    private static final String REPO_PATH = "/repos/acme/infra";
    private static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    private WireMockServer github;
    private GitHubClient client;

    @BeforeEach
    void start() {
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        client = new GitHubClient(URI.create(github.baseUrl()), () -> TOKEN, VcsFixtures.FAST);
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    @Test
    void pull_request_is_read_with_its_approval() {
        github.stubFor(get(REPO_PATH + "/pulls/42").willReturn(okJson(pullJson(42, "open", null, "true"))));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/reviews")).willReturn(okJson("""
                [{"id": 1, "user": {"login": "chen-lead"}, "state": "CHANGES_REQUESTED"},
                 {"id": 2, "user": {"login": "sam"}, "state": "COMMENTED"},
                 {"id": 3, "user": {"login": "chen-lead"}, "state": "APPROVED"}]""")));

        PullRequest pr = client.pullRequest("acme/infra", 42);

        assertThat(pr).isEqualTo(new PullRequest("acme/infra", 42, PullRequest.State.OPEN, HEAD, "nat-gateway", "main",
                "maria-ops", Optional.of(true), Optional.of(true)));
        github.verify(getRequestedFor(urlPathEqualTo(REPO_PATH + "/pulls/42"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withHeader("User-Agent", equalTo("plumbline")));
    }

    @Test
    void a_request_for_changes_outweighs_an_approval_until_dismissed() {
        github.stubFor(get(REPO_PATH + "/pulls/42").willReturn(okJson(pullJson(42, "open", null, "null"))));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/reviews")).inScenario("reviews")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("dismissed").willReturn(okJson("""
                        [{"user": {"login": "chen-lead"}, "state": "APPROVED"},
                         {"user": {"login": "sam"}, "state": "CHANGES_REQUESTED"}]""")));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/reviews")).inScenario("reviews")
                .whenScenarioStateIs("dismissed").willReturn(okJson("""
                        [{"user": {"login": "chen-lead"}, "state": "APPROVED"},
                         {"user": {"login": "sam"}, "state": "CHANGES_REQUESTED"},
                         {"user": {"login": "sam"}, "state": "DISMISSED"}]""")));

        PullRequest blocked = client.pullRequest("acme/infra", 42);
        PullRequest approved = client.pullRequest("acme/infra", 42);

        assertThat(blocked.approved()).contains(false);
        assertThat(blocked.mergeable()).as("GitHub has not computed it yet").isEmpty();
        assertThat(approved.approved()).contains(true);
    }

    @Test
    void merged_and_closed_pull_requests_are_told_apart() {
        github.stubFor(get(REPO_PATH + "/pulls/7")
                .willReturn(okJson(pullJson(7, "closed", "\"2025-03-12T16:40:55Z\"", "null"))));
        github.stubFor(get(REPO_PATH + "/pulls/8").willReturn(okJson(pullJson(8, "closed", null, "false"))));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/7/reviews")).willReturn(okJson("[]")));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/8/reviews")).willReturn(okJson("[]")));

        assertThat(client.pullRequest("acme/infra", 7).state()).isEqualTo(PullRequest.State.MERGED);
        assertThat(client.pullRequest("acme/infra", 8).state()).isEqualTo(PullRequest.State.CLOSED);
        assertThat(client.pullRequest("acme/infra", 8).approved()).contains(false);
    }

    @Test
    void changed_files_follow_every_page_and_keep_both_names_of_a_rename() {
        String next = github.baseUrl() + REPO_PATH + "/pulls/42/files?per_page=100&page=2";
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/files")).withQueryParam("page", absent())
                .withQueryParam("per_page", equalTo("100"))
                .willReturn(okJson("""
                        [{"sha": "bbcd538c", "filename": "network/nat.tf", "status": "added"},
                         {"sha": "a1b2c3d4", "filename": "network/variables.tf", "status": "modified"}]""")
                        .withHeader("Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\"")));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/files")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("""
                        [{"filename": "modules/vpc/main.tf", "previous_filename": "modules/net/main.tf",
                          "status": "renamed"},
                         {"filename": "network/variables.tf", "status": "modified"}]""")
                        .withHeader("Link", "<" + github.baseUrl() + REPO_PATH
                                + "/pulls/42/files?per_page=100&page=1>; rel=\"first\"")));

        assertThat(client.changedFiles("acme/infra", 42)).containsExactly("network/nat.tf", "network/variables.tf",
                "modules/net/main.tf", "modules/vpc/main.tf");
    }

    @Test
    void a_pagination_link_to_another_host_is_not_followed() {
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/files")).willReturn(okJson("[]")
                .withHeader("Link", "<https://attacker.example/repos/acme/infra/pulls/42/files?page=2>; rel=\"next\"")));

        assertThatThrownBy(() -> client.changedFiles("acme/infra", 42)).isInstanceOf(VcsException.class)
                .hasMessageContaining("linked to a page outside");
    }

    @Test
    void report_comment_is_created_once_then_updated_in_place() {
        String body1 = PlanReport.MARKER + "\nfirst plan";
        String body2 = PlanReport.MARKER + "\nsecond plan";
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/issues/42/comments")).inScenario("comments")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson("""
                        [{"id": 11, "user": {"login": "maria-ops"}, "body": "When will this be planned?"}]""")));
        github.stubFor(post(REPO_PATH + "/issues/42/comments").inScenario("comments").willSetStateTo("posted")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": 2714459021, \"body\": \"...\"}")));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/issues/42/comments")).inScenario("comments")
                .whenScenarioStateIs("posted").willReturn(okJson("""
                        [{"id": 11, "body": "When will this be planned?"},
                         {"id": 2714459021, "body": "<!-- plumbline:report -->\\nfirst plan"}]""")));
        github.stubFor(patch(urlPathEqualTo(REPO_PATH + "/issues/comments/2714459021"))
                .willReturn(okJson("{\"id\": 2714459021}")));

        long created = client.upsertComment("acme/infra", 42, PlanReport.MARKER, body1);
        long updated = client.upsertComment("acme/infra", 42, PlanReport.MARKER, body2);

        assertThat(created).isEqualTo(2714459021L).isEqualTo(updated);
        github.verify(1, postRequestedFor(urlPathEqualTo(REPO_PATH + "/issues/42/comments"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"body\": \"<!-- plumbline:report -->\\nfirst plan\"}")));
        github.verify(1, patchRequestedFor(urlPathEqualTo(REPO_PATH + "/issues/comments/2714459021"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("{\"body\": \"<!-- plumbline:report -->\\nsecond plan\"}")));
    }

    @Test
    void report_comment_is_found_on_a_later_page_but_not_in_a_quote() {
        String page2 = github.baseUrl() + REPO_PATH + "/issues/42/comments?per_page=100&page=2";
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/issues/42/comments")).withQueryParam("page", absent())
                .willReturn(okJson("""
                        [{"id": 5, "body": "> <!-- plumbline:report -->\\n> quoted report"}]""")
                        .withHeader("Link", "<" + page2 + ">; rel=\"next\"")));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/issues/42/comments")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("""
                        [{"id": 9, "body": "<!-- plumbline:report -->\\nreport"},
                         {"id": 12, "body": "<!-- plumbline:report -->\\nduplicate"}]""")));

        assertThat(client.findComment("acme/infra", 42, PlanReport.MARKER)).contains(9L);
    }

    @Test
    void commit_status_is_set_with_a_description_github_accepts() {
        github.stubFor(post(REPO_PATH + "/statuses/" + HEAD).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 1}")));

        client.setStatus("acme/infra", HEAD, VcsHost.planContext("network"), CommitState.FAILURE,
                "Plan failed: " + "x".repeat(200), "https://plumbline.acme.example/runs/41");

        String shortened = "Plan failed: " + "x".repeat(126) + "\u2026";
        github.verify(postRequestedFor(urlPathEqualTo(REPO_PATH + "/statuses/" + HEAD)).withRequestBody(equalToJson(
                "{\"state\": \"failure\", \"context\": \"plumbline/plan: network\", \"description\": \"" + shortened
                        + "\", \"target_url\": \"https://plumbline.acme.example/runs/41\"}")));
        assertThat(shortened).hasSize(140);
    }

    @Test
    void write_maintain_and_admin_may_apply_but_read_and_strangers_may_not() {
        permission("maria-ops", "write", "write");
        permission("chen-lead", "write", "maintain");
        permission("root-admin", "admin", "admin");
        permission("visitor", "read", "triage");
        github.stubFor(get(REPO_PATH + "/collaborators/ghost/permission").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Not Found\"}")));

        assertThat(client.canWrite("acme/infra", "maria-ops")).isTrue();
        assertThat(client.canWrite("acme/infra", "chen-lead")).isTrue();
        assertThat(client.canWrite("acme/infra", "root-admin")).isTrue();
        assertThat(client.canWrite("acme/infra", "visitor")).isFalse();
        assertThat(client.canWrite("acme/infra", "ghost")).isFalse();
    }

    @Test
    void open_pull_requests_are_listed_across_pages_without_approvals() {
        String page2 = github.baseUrl() + REPO_PATH + "/pulls?state=open&per_page=100&page=2";
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls")).withQueryParam("state", equalTo("open"))
                .withQueryParam("page", absent())
                .willReturn(okJson("[" + pullJson(42, "open", null, null) + "]")
                        .withHeader("Link", "<" + page2 + ">; rel=\"next\"")));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + pullJson(43, "open", null, null) + "]")));

        List<PullRequest> open = client.openPullRequests("acme/infra");

        assertThat(open).extracting(PullRequest::number).containsExactly(42, 43);
        assertThat(open).allSatisfy(pr -> {
            assertThat(pr.approved()).isEmpty();
            assertThat(pr.mergeable()).isEmpty();
        });
    }

    @Test
    void rate_limit_is_waited_out_then_the_call_succeeds() {
        github.stubFor(get(REPO_PATH + "/pulls/42/files?per_page=100").inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("reset")
                .willReturn(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", String.valueOf(System.currentTimeMillis() / 1000))
                        .withBody("{\"message\": \"API rate limit exceeded for installation ID 1.\"}")));
        github.stubFor(get(REPO_PATH + "/pulls/42/files?per_page=100").inScenario("limit")
                .whenScenarioStateIs("reset").willReturn(okJson("[{\"filename\": \"main.tf\"}]")));

        assertThat(client.changedFiles("acme/infra", 42)).containsExactly("main.tf");
        github.verify(2, getRequestedFor(urlPathEqualTo(REPO_PATH + "/pulls/42/files")));
    }

    @Test
    void retries_are_bounded_and_the_error_names_the_call_but_not_the_token() {
        github.stubFor(get(REPO_PATH + "/pulls/42").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                .withBody("{\"message\": \"You have exceeded a secondary rate limit\"}")));

        try (LogCapture logs = new LogCapture()) {
            assertThatThrownBy(() -> client.pullRequest("acme/infra", 42)).isInstanceOf(VcsException.class)
                    .hasMessage("reading pull request acme/infra#42: GET /repos/acme/infra/pulls/42 answered 429: "
                            + "You have exceeded a secondary rate limit (gave up after 3 attempts)")
                    .hasMessageNotContaining(TOKEN);
            assertThat(logs.lines()).hasSize(2).allSatisfy(l -> assertThat(l).doesNotContain(TOKEN)
                    .contains("GET /repos/acme/infra/pulls/42 answered 429; retrying"));
        }
        github.verify(3, getRequestedFor(urlPathEqualTo(REPO_PATH + "/pulls/42")));
    }

    @Test
    void a_long_rate_limit_fails_at_once_instead_of_blocking() {
        github.stubFor(get(REPO_PATH + "/pulls/42").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "3600")));

        assertThatThrownBy(() -> client.pullRequest("acme/infra", 42)).isInstanceOf(VcsException.class)
                .hasMessageContaining("answered 429 (rate limited: the host asks to wait 3600 s, longer than the 2 s");
        github.verify(1, getRequestedFor(urlPathEqualTo(REPO_PATH + "/pulls/42")));
    }

    @Test
    void server_errors_are_retried_for_reads_but_never_for_a_new_comment() {
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/files")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(502)));
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/files")).inScenario("flaky")
                .whenScenarioStateIs("up").willReturn(okJson("[{\"filename\": \"main.tf\"}]")));
        github.stubFor(post(REPO_PATH + "/issues/42/comments").willReturn(aResponse().withStatus(502)));

        assertThat(client.changedFiles("acme/infra", 42)).containsExactly("main.tf");
        assertThatThrownBy(() -> client.createComment("acme/infra", 42, "hello")).isInstanceOf(VcsException.class)
                .hasMessage("commenting on pull request acme/infra#42: POST /repos/acme/infra/issues/42/comments "
                        + "answered 502");
        github.verify(1, postRequestedFor(urlPathEqualTo(REPO_PATH + "/issues/42/comments")));
    }

    @Test
    void a_token_echoed_by_the_host_is_cut_from_the_error() {
        github.stubFor(get(REPO_PATH + "/pulls/42").willReturn(aResponse().withStatus(401)
                .withBody("{\"message\": \"Bad credentials: " + TOKEN + "\", "
                        + "\"documentation_url\": \"https://docs.github.com/rest\"}")));

        assertThatThrownBy(() -> client.pullRequest("acme/infra", 42)).isInstanceOf(VcsException.class)
                .hasMessage("reading pull request acme/infra#42: GET /repos/acme/infra/pulls/42 answered 401: "
                        + "Bad credentials: [token]")
                .satisfies(e -> assertThat(((VcsException) e).status()).isEqualTo(401));
    }

    @Test
    void the_token_is_read_at_each_call() {
        AtomicReference<String> token = new AtomicReference<>("first-token");
        GitHubClient rotating = new GitHubClient(URI.create(github.baseUrl()), token::get, VcsFixtures.FAST);
        github.stubFor(get(urlPathEqualTo(REPO_PATH + "/pulls/42/files")).willReturn(okJson("[]")));

        rotating.changedFiles("acme/infra", 42);
        token.set("second-token");
        rotating.changedFiles("acme/infra", 42);

        github.verify(1, getRequestedFor(urlPathEqualTo(REPO_PATH + "/pulls/42/files"))
                .withHeader("Authorization", equalTo("Bearer first-token")));
        github.verify(1, getRequestedFor(urlPathEqualTo(REPO_PATH + "/pulls/42/files"))
                .withHeader("Authorization", equalTo("Bearer second-token")));
    }

    @Test
    void without_a_token_nothing_is_sent() {
        GitHubClient tokenless = new GitHubClient(URI.create(github.baseUrl()), () -> null, VcsFixtures.FAST);

        assertThatThrownBy(() -> tokenless.changedFiles("acme/infra", 42)).isInstanceOf(VcsException.class)
                .hasMessage("listing files of pull request acme/infra#42: no API token is available");
        assertThat(github.getAllServeEvents()).isEmpty();
    }

    @Test
    void an_unreachable_host_is_named_in_the_error() {
        github.stop();

        assertThatThrownBy(() -> client.changedFiles("acme/infra", 42)).isInstanceOf(VcsException.class)
                .hasMessageStartingWith("listing files of pull request acme/infra#42: GET /repos/acme/infra/pulls/42/"
                        + "files?per_page=100 failed")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void a_malformed_repository_name_is_refused_before_any_call() {
        assertThatThrownBy(() -> client.changedFiles("acme/infra/../../admin", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid GitHub repository 'acme/infra/../../admin': expected owner/name");
    }

    private void permission(String user, String permission, String role) {
        github.stubFor(get(REPO_PATH + "/collaborators/" + user + "/permission").willReturn(okJson(
                "{\"permission\": \"" + permission + "\", \"role_name\": \"" + role + "\", \"user\": {\"login\": \""
                        + user + "\"}}")));
    }

    /** A pull request as GitHub's REST API returns it (the fields Plumbline reads, and some it does not). */
    private static String pullJson(int number, String state, String mergedAt, String mergeable) {
        return """
                {"url": "https://api.github.com/repos/acme/infra/pulls/%d", "id": 1850215339, "number": %d,
                 "state": "%s", "locked": false, "title": "Add a NAT gateway", "draft": false,
                 "user": {"login": "maria-ops", "id": 9184533, "type": "User"},
                 "merged_at": %s, "closed_at": null,
                 "head": {"label": "acme:nat-gateway", "ref": "nat-gateway", "sha": "%s"},
                 "base": {"label": "acme:main", "ref": "main", "sha": "c5b97d5ae6c19d5c5df71a34c7fbeeda2479ccbc"}
                 %s}""".formatted(number, number, state, mergedAt == null ? "null" : mergedAt, HEAD,
                mergeable == null ? "" : ", \"mergeable\": " + mergeable + ", \"mergeable_state\": \"clean\"");
    }
}
