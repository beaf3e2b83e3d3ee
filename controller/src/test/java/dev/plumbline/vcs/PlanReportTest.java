package dev.plumbline.vcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.vcs.WorkspaceReport.Status;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanReportTest {
    private static final URI BASE = URI.create("https://plumbline.acme.example/");
    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static final PlanReport GITHUB = PlanReport.forHost(BASE, HostKind.GITHUB);

    private static final String NETWORK_PLAN = """
            Classification: changes_pending

            Resource changes:
              # aws_nat_gateway.main will be created
              # aws_route.private_nat["eu-west-1a"] will be created

            Plan: 2 to add, 0 to change, 0 to destroy.
            """;
    private static final String APP_PLAN = """
            Classification: drifted

            Changed outside of Plumbline/Git:
              # aws_security_group.app has changed
                ingress[2].cidr_blocks[0]: null -> "0.0.0.0/0"
              # aws_iam_role_policy.app has changed

            Resource changes:
              # aws_security_group.app will be updated in-place
                ingress[2].cidr_blocks[0]: "0.0.0.0/0" -> null
              # aws_iam_role_policy.app will be updated in-place
                policy: (sensitive value) -> (sensitive value)
              # aws_instance.legacy will be destroyed

            Plan: 0 to add, 2 to change, 1 to destroy.
            """;
    private static final String DNS_VALIDATION = """
            Error: Unsupported argument

              on records.tf line 14, in resource "aws_route53_record" "api":
              14:   ttl_seconds = 300

            An argument named "ttl_seconds" is not expected here. Did you mean "ttl"?
            """;

    @Test
    void report_of_several_workspaces_matches_golden_file() {
        ReportInput input = new ReportInput("acme/infra", 42, SHA, List.of(
                planned("network", Classification.CHANGES_PENDING, 2, 0, 0, List.of(), NETWORK_PLAN, 41),
                new WorkspaceReport("app", Status.PLANNED, Classification.DRIFTED, new ResourceCounts(0, 2, 1, 0),
                        List.of("aws_security_group.app", "aws_iam_role_policy.app"), List.of("app/main.tf"), "",
                        APP_PLAN, 42, List.of()),
                new WorkspaceReport("dns", Status.VALIDATION_FAILED, null, ResourceCounts.NONE, List.of(), List.of(),
                        DNS_VALIDATION, "", 43, List.of()),
                planned("monitoring", Classification.IN_SYNC, 0, 0, 0, List.of(),
                        "Classification: in_sync\n\nPlan: 0 to add, 0 to change, 0 to destroy.\n", 44)));

        Golden.assertMatches("several_workspaces.md", GITHUB.render(input));
    }

    @Test
    void merge_to_apply_repository_says_so() {
        ReportInput input = new ReportInput("acme/infra", 42, SHA, ReportInput.ApplyBy.MERGE, List.of(
                planned("network", Classification.CHANGES_PENDING, 2, 0, 0, List.of(), NETWORK_PLAN, 41)));

        String report = GITHUB.render(input);

        Golden.assertMatches("merge_to_apply.md", report);
        assertThat(report).contains("Merge this pull request to apply `network`.").doesNotContain("plumbline apply");
    }

    @Test
    void failed_and_unfinished_plans_are_reported() {
        ReportInput input = new ReportInput("acme/infra", 42, SHA, List.of(
                new WorkspaceReport("network", Status.FAILED, Classification.ERRORED, ResourceCounts.NONE, List.of(),
                        List.of(), "", "Error: error configuring S3 Backend: no valid credential sources found\n", 51,
                        List.of()),
                new WorkspaceReport("app", Status.PLANNING, null, ResourceCounts.NONE, null, null, null, null, 52,
                        null)));

        Golden.assertMatches("failed_and_planning.md", GITHUB.render(input));
    }

    @Test
    void applied_report_asks_for_the_merge() {
        ReportInput input = new ReportInput("acme/infra", 42, SHA, List.of(
                new WorkspaceReport("network", Status.APPLIED, Classification.CHANGES_PENDING,
                        new ResourceCounts(2, 0, 0, 0), List.of(), List.of(), "", NETWORK_PLAN, 61, List.of())));

        Golden.assertMatches("applied.md", GITHUB.render(input));
    }

    @Test
    void pull_request_affecting_no_workspace_says_so() {
        String report = GITHUB.render(new ReportInput("acme/infra", 42, SHA, List.of()));

        Golden.assertMatches("no_workspaces.md", report);
    }

    @Test
    void too_long_report_leaves_out_the_largest_plans_first_and_links_them() {
        PlanReport small = new PlanReport(BASE, 6_000);
        ReportInput input = new ReportInput("acme/infra", 42, SHA, List.of(
                planned("network", Classification.CHANGES_PENDING, 0, 40, 0, List.of(), resources("aws_subnet", 40),
                        41),
                planned("app", Classification.CHANGES_PENDING, 0, 90, 0, List.of(), resources("aws_instance", 90),
                        42),
                planned("dns", Classification.CHANGES_PENDING, 2, 0, 0, List.of(), NETWORK_PLAN, 43)));

        String report = small.render(input);

        Golden.assertMatches("truncated.md", report);
        assertThat(report.length()).isLessThanOrEqualTo(6_000);
        assertThat(report).doesNotContain("aws_instance.i89") // the largest plan goes first
                .contains("[read the full plan in Plumbline](https://plumbline.acme.example/runs/42)")
                .contains("aws_route.private_nat"); // the small plan stays
    }

    @Test
    void report_stays_within_github_limit_keeping_what_fits() {
        ReportInput input = new ReportInput("acme/infra", 42, SHA, List.of(
                planned("big", Classification.CHANGES_PENDING, 1, 0, 0, List.of(), "x".repeat(40_000) + "\n", 1),
                planned("medium", Classification.CHANGES_PENDING, 1, 0, 0, List.of(), "y".repeat(30_000) + "\n", 2),
                planned("small", Classification.CHANGES_PENDING, 1, 0, 0, List.of(), "z".repeat(5_000) + "\n", 3)));

        String report = GITHUB.render(input);

        assertThat(report.length()).isLessThanOrEqualTo(HostKind.GITHUB.commentLimit());
        assertThat(report).doesNotContain("x".repeat(40_000)).contains("y".repeat(30_000)).contains("z".repeat(5_000))
                .contains("The plan output (40,001 characters) is left out");
        assertThat(PlanReport.forHost(BASE, HostKind.GITLAB).render(input)).contains("x".repeat(40_000));
    }

    @Test
    void report_of_very_many_workspaces_keeps_the_table_then_cuts() {
        List<WorkspaceReport> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add(new WorkspaceReport("workspace-" + i, Status.VALIDATION_FAILED, null, ResourceCounts.NONE,
                    List.of(), List.of(), DNS_VALIDATION, "", i, List.of()));
        }

        String report = GITHUB.render(new ReportInput("acme/infra", 42, SHA, many));

        assertThat(report.length()).isLessThanOrEqualTo(HostKind.GITHUB.commentLimit());
        assertThat(report).startsWith(PlanReport.MARKER + "\n").contains("| `workspace-0` |")
                .doesNotContain("<details>").endsWith("every workspace's plan is in Plumbline._\n");
    }

    @Test
    void sensitive_values_never_appear_even_when_the_caller_left_a_copy() {
        String canary = "canary-s3cr3t-7f3a";
        ReportInput input = new ReportInput("acme/infra", 42, SHA, List.of(new WorkspaceReport("app", Status.PLANNED,
                Classification.CHANGES_PENDING, new ResourceCounts(0, 1, 0, 0),
                List.of("aws_db_instance.main[\"" + canary + "\"]"), List.of(),
                "Warning: value " + canary + " is deprecated",
                "  # aws_db_instance.main will be updated in-place\n    password: \"" + canary + "\" -> (sensitive value)\n"
                        + "    tags.label: \"blue\" -> \"green\"\n",
                42, List.of(canary, "ab"))));

        String report = GITHUB.render(input);

        assertThat(report).doesNotContain(canary).doesNotContain("s3cr3t")
                .contains("password: \"(sensitive value)\" -> (sensitive value)")
                .contains("aws_db_instance.main[\"(sensitive value)\"]");
        assertThat(report).contains("tags.label"); // a short secret is not cut out of ordinary words
    }

    @Test
    void a_value_given_only_as_sensitive_is_never_rendered() {
        String canary = "canary-s3cr3t-7f3a";
        WorkspaceReport withSecret = new WorkspaceReport("network", Status.PLANNED, Classification.CHANGES_PENDING,
                new ResourceCounts(2, 0, 0, 0), List.of(), List.of(), "", NETWORK_PLAN, 41, List.of(canary));
        WorkspaceReport without = new WorkspaceReport("network", Status.PLANNED, Classification.CHANGES_PENDING,
                new ResourceCounts(2, 0, 0, 0), List.of(), List.of(), "", NETWORK_PLAN, 41, List.of());

        String report = GITHUB.render(new ReportInput("acme/infra", 42, SHA, List.of(withSecret)));

        assertThat(report).doesNotContain(canary)
                .isEqualTo(GITHUB.render(new ReportInput("acme/infra", 42, SHA, List.of(without))));
    }

    @Test
    void plan_text_cannot_break_out_of_its_code_block() {
        String hostile = "```\n</details>\n<img src=x onerror=alert(1)>\n| a | b |\n";
        ReportInput input = new ReportInput("acme/infra", 42, SHA, List.of(
                planned("app", Classification.CHANGES_PENDING, 1, 0, 0, List.of(), hostile, 7)));

        String report = GITHUB.render(input);

        assertThat(report).contains("````\n" + hostile + "````\n");
    }

    @Test
    void same_input_renders_the_same_text() {
        ReportInput input = new ReportInput("acme/infra", 42, SHA, List.of(
                planned("network", Classification.CHANGES_PENDING, 2, 0, 0, List.of(), NETWORK_PLAN, 41)));

        assertThat(GITHUB.render(input)).isEqualTo(GITHUB.render(input)).startsWith(PlanReport.MARKER);
    }

    private static WorkspaceReport planned(String name, Classification c, int add, int change, int destroy,
                                           List<String> drift, String plan, long runId) {
        return new WorkspaceReport(name, Status.PLANNED, c, new ResourceCounts(add, change, destroy, 0), drift,
                List.of(), "", plan, runId, List.of());
    }

    private static String resources(String type, int count) {
        StringBuilder plan = new StringBuilder("Classification: changes_pending\n\nResource changes:\n");
        for (int i = 0; i < count; i++) {
            plan.append("  # ").append(type).append(".i").append(i).append(" will be updated in-place\n")
                    .append("    tags.Owner: \"platform\" -> \"network-team\"\n");
        }
        return plan.append("\nPlan: 0 to add, ").append(count).append(" to change, 0 to destroy.\n").toString();
    }
}
