package dev.plumbline.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.plumbline.domain.ResourceIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identifiers of the managed resources in a state, read from {@code show -json}: of a plan file (its
 * {@code prior_state}, the state as refreshed by the plan) or of the state itself. Which attributes identify a
 * resource is the same across providers: its {@code id} (an AWS id, a GCP or Azure resource path), {@code arn},
 * {@code self_link}, {@code name} and a few others a cloud's audit events name resources by; a Kubernetes object is
 * named by its {@code metadata} ({@code name}, {@code namespace/name}, {@code uid}). A GCP self link is also kept
 * without its API host and version, the form audit logs use. Sensitive values are never kept; neither are data
 * sources (Plumbline does not manage what they read).
 */
public final class StateIdentifiers {
    /** Top-level attributes that name the resource itself, not one it refers to (unlike {@code role_arn}). */
    private static final Set<String> IDENTIFYING = Set.of("id", "arn", "name", "self_link", "unique_id", "bucket",
            "function_name", "queue_url", "url", "filename", "fqdn", "uid", "resource_id", "topic_arn", "secret_id",
            "table_name", "cluster_name", "role_name", "instance_id");
    private static final Pattern GOOGLE_API = Pattern.compile("^https://[a-z0-9.-]+\\.googleapis\\.com/[a-z0-9]+/"
            + "v[0-9a-z]+/");
    private static final int MIN_LENGTH = 3;
    /** The plan reader's, with the string limit lifted for plans of any size. */
    private static final ObjectMapper JSON = PlanReader.mapper();

    private StateIdentifiers() {
    }

    /** The identifiers in {@code tofu show -json <planfile>}: those of its prior state. */
    public static List<ResourceIdentifier> ofPlan(String showJson) throws PlanFormatException {
        return of(parse(showJson, "plan").path("prior_state").path("values").path("root_module"));
    }

    /** The identifiers in {@code tofu show -json} of a state (no plan file). */
    public static List<ResourceIdentifier> ofState(String stateJson) throws PlanFormatException {
        return of(parse(stateJson, "state").path("values").path("root_module"));
    }

    private static JsonNode parse(String json, String what) throws PlanFormatException {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new PlanFormatException("reading the " + what + " JSON for its identifiers: not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            // not Jackson's message, which quotes the input
            throw new PlanFormatException("reading the " + what + " JSON for its identifiers: not valid JSON", e);
        }
    }

    private static List<ResourceIdentifier> of(JsonNode rootModule) {
        Set<ResourceIdentifier> found = new LinkedHashSet<>();
        List<JsonNode> modules = new ArrayList<>(List.of(rootModule));
        while (!modules.isEmpty()) {
            JsonNode module = modules.remove(modules.size() - 1);
            for (JsonNode r : module.path("resources")) {
                if ("managed".equals(r.path("mode").asText("managed")) && r.path("address").isTextual()) {
                    resource(r, found);
                }
            }
            module.path("child_modules").forEach(modules::add);
        }
        return List.copyOf(found);
    }

    private static void resource(JsonNode r, Set<ResourceIdentifier> found) {
        String address = r.path("address").asText();
        JsonNode values = r.path("values");
        JsonNode sensitive = r.path("sensitive_values");
        for (Map.Entry<String, JsonNode> e : values.properties()) {
            if (IDENTIFYING.contains(e.getKey()) && !sensitive.path(e.getKey()).isBoolean()) {
                add(found, address, e.getKey(), e.getValue());
            }
        }
        // kubernetes_* resources hold a one-element metadata block; kubernetes_manifest the object as applied
        JsonNode metadata = values.has("metadata") ? values.path("metadata") : values.path("object").path("metadata");
        JsonNode meta = metadata.isArray() ? metadata.path(0) : metadata;
        if (meta.isObject() && !sensitive.path("metadata").isBoolean() && !sensitive.path("object").isBoolean()) {
            add(found, address, "metadata.name", meta.path("name"));
            add(found, address, "metadata.uid", meta.path("uid"));
            if (meta.path("namespace").isTextual() && meta.path("name").isTextual()) {
                add(found, address, "metadata.namespace/name", TextNode.valueOf(
                        meta.path("namespace").asText() + "/" + meta.path("name").asText()));
            }
        }
    }

    private static void add(Set<ResourceIdentifier> found, String address, String attribute, JsonNode value) {
        if (!value.isTextual()) {
            return;
        }
        String v = ResourceIdentifier.normal(value.textValue());
        if (v.length() < MIN_LENGTH || v.length() > ResourceIdentifier.MAX_LENGTH) {
            return;
        }
        found.add(new ResourceIdentifier(address, attribute, v));
        String path = GOOGLE_API.matcher(v).replaceFirst("");
        if (!path.equals(v) && path.length() >= MIN_LENGTH) {
            found.add(new ResourceIdentifier(address, attribute, path));
        }
    }
}
