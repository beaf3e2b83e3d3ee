package dev.plumbline.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;

/**
 * The sensitive strings of a raw {@code show -json} document: every string at a place tofu marks or declares
 * sensitive (see {@link Secrets}). For text computed from the unmasked plan outside this package (a policy's
 * message quoting an attribute), which must be scrubbed of them before anything stores or shows it.
 */
public final class SensitiveStrings {
    private SensitiveStrings() { }

    public static Set<String> of(byte[] showJson) throws PlanFormatException {
        JsonNode root;
        try {
            root = PlanReader.mapper().readTree(showJson);
        } catch (JsonProcessingException e) {
            // not Jackson's message: it quotes the offending token, which may be part of a secret
            throw new PlanFormatException("reading plan JSON: not valid JSON");
        } catch (IOException e) {
            throw new PlanFormatException("reading plan JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new PlanFormatException("reading plan JSON: expected an object at the top level");
        }
        return Secrets.in(object).values();
    }
}
