package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.ResourceIdentifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The identifiers indexed from the state JSON shapes of the AWS, Google, AzureRM and Kubernetes providers, and from
 * a real cyrilgdn/postgresql plan kept in ../shared/vectors (skipped, saying so, when ../shared is absent).
 */
class StateIdentifiersTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = StateIdentifiersTest.class.getResourceAsStream("/state-json/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> of(List<ResourceIdentifier> ids, String address) {
        return ids.stream().filter(i -> i.address().equals(address)).map(ResourceIdentifier::identifier).distinct().toList();
    }

    @Test
    void aws_resources_are_found_by_arn_id_and_name_in_every_module_but_not_by_what_they_refer_to() throws Exception {
        List<ResourceIdentifier> ids = StateIdentifiers.ofState(resource("aws.json"));

        assertThat(of(ids, "aws_s3_bucket.logs")).containsExactlyInAnyOrder("arn:aws:s3:::acme-prod-logs",
                "acme-prod-logs");
        assertThat(of(ids, "aws_iam_role.deployer")).containsExactlyInAnyOrder(
                "arn:aws:iam::123456789012:role/deployer", "deployer", "AROAEXAMPLEID12345");
        assertThat(of(ids, "aws_instance.web")).containsExactlyInAnyOrder("i-0123456789abcdef0",
                "arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0")
                .as("the AMI and key pair are other resources").doesNotContain("ami-0abcdef1234567890", "ops-key");
        assertThat(of(ids, "module.queue.aws_sqs_queue.this[\"jobs\"]")).contains(
                "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "arn:aws:sqs:eu-west-1:123456789012:jobs");
        assertThat(ids).extracting(ResourceIdentifier::address).doesNotContain("data.aws_caller_identity.me");
    }

    @Test
    void sensitive_values_are_never_indexed() throws Exception {
        List<ResourceIdentifier> ids = StateIdentifiers.ofState(resource("aws.json"));

        assertThat(ids).extracting(ResourceIdentifier::identifier).doesNotContain("hunter2-secret");
        assertThat(of(ids, "aws_db_instance.main")).containsExactlyInAnyOrder("db-ABCDEFGHIJKLMNOP",
                "arn:aws:rds:eu-west-1:123456789012:db:main");
    }

    @Test
    void google_resources_are_found_by_their_path_and_by_their_self_link_with_and_without_the_api_host()
            throws Exception {
        List<ResourceIdentifier> ids = StateIdentifiers.ofState(resource("google.json"));

        assertThat(of(ids, "google_compute_instance.vm")).contains(
                "projects/acme-prod/zones/europe-west1-b/instances/vm-1",
                "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/europe-west1-b/instances/vm-1",
                "vm-1", "4567890123456789012");
        assertThat(of(ids, "google_storage_bucket.assets")).contains("acme-assets", "b/acme-assets",
                "gs://acme-assets");
    }

    @Test
    void azure_resource_ids_are_kept_in_lower_case_as_azure_compares_them() throws Exception {
        List<ResourceIdentifier> ids = StateIdentifiers.ofState(resource("azurerm.json"));

        assertThat(of(ids, "azurerm_storage_account.data")).contains("/subscriptions/00000000-1111-2222-3333-"
                + "444444444444/resourcegroups/acme-prod/providers/microsoft.storage/storageaccounts/acmedata",
                "acmedata").doesNotContain("c2VjcmV0LWtleQ==");
        assertThat(ResourceIdentifier.normal("/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/"
                + "ACME-PROD")).isEqualTo(of(ids, "azurerm_resource_group.main").get(0));
    }

    @Test
    void kubernetes_objects_are_found_by_name_namespace_and_name_and_uid() throws Exception {
        List<ResourceIdentifier> ids = StateIdentifiers.ofState(resource("kubernetes.json"));

        assertThat(of(ids, "kubernetes_deployment.api")).contains("shop/api", "api",
                "6b1a9c2e-7d3f-4a8b-9c0d-1e2f3a4b5c6d");
        assertThat(of(ids, "kubernetes_manifest.cm")).contains("shop/settings", "settings",
                "0f0e0d0c-0b0a-4909-8807-060504030201");
    }

    @Test
    void a_real_providers_plan_against_a_real_server_is_indexed_by_ids_and_names_not_by_references()
            throws Exception {
        Path plan = Path.of(System.getProperty("plumbline.repoRoot", "."))
                .resolve("../shared/vectors/cyrilgdn-postgresql/after-create.json").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(plan),
                "skipped: the shared test vectors are absent (expected " + plan + ")");

        List<ResourceIdentifier> ids = StateIdentifiers.ofPlan(Files.readString(plan));

        assertThat(of(ids, "postgresql_database.app")).containsExactly("app");
        assertThat(of(ids, "postgresql_role.reader")).containsExactly("app_reader");
        assertThat(of(ids, "postgresql_schema.app")).containsExactlyInAnyOrder("app.app", "app");
        assertThat(of(ids, "postgresql_grant.reader_usage")).as("its role and database are other resources")
                .containsExactly("app_reader_app_app_schema");
        assertThat(ids).extracting(ResourceIdentifier::identifier).as("the provider's password in the configuration")
                .doesNotContain("plumbline-demo");
    }

    @Test
    void a_plan_is_indexed_from_its_prior_state() throws Exception {
        String plan = "{\"format_version\":\"1.2\",\"prior_state\":" + resource("google.json") + "}";

        assertThat(StateIdentifiers.ofPlan(plan)).extracting(ResourceIdentifier::identifier).contains("acme-assets");
        assertThat(StateIdentifiers.ofPlan("{\"format_version\":\"1.2\"}")).isEmpty();
    }

    @Test
    void json_that_is_not_a_state_is_refused_without_quoting_it() {
        assertThatThrownBy(() -> StateIdentifiers.ofState("{\"secret\": hunter2"))
                .isInstanceOf(PlanFormatException.class).hasMessageContaining("state JSON")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> StateIdentifiers.ofState("[1]")).hasMessageContaining("not a JSON object");
    }
}
