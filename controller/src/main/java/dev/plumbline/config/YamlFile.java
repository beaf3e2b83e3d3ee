package dev.plumbline.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into a tree, nothing more: shape and meaning are checked by the callers, which is how every
 * problem can be collected instead of stopping at the first one that a data binder would throw on.
 */
final class YamlFile {
    // A key written twice is almost always a merge accident; YAML would silently keep the last one.
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlFile() { }

    /** The document's root, or a missing node for an empty file. Syntax errors name the line. */
    static JsonNode read(Path file, String label) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = YAML.readTree(in);
            return root == null ? MissingNode.getInstance() : root;
        } catch (NoSuchFileException e) {
            throw new ConfigException(label, "reading the file: it does not exist", e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(label, syntaxError(e), e);
        } catch (IOException e) {
            throw new ConfigException(label, "reading the file: " + e, e);
        }
    }

    // SnakeYAML's own message quotes the offending line; only its position and problem are kept, because the
    // line may hold something that should not end up in a log.
    private static String syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            StringBuilder sb = new StringBuilder("invalid YAML at line ")
                    .append(marked.getProblemMark().getLine() + 1)
                    .append(", column ").append(marked.getProblemMark().getColumn() + 1)
                    .append(": ").append(marked.getProblem());
            if (marked.getContext() != null && marked.getContextMark() != null) {
                sb.append(" (").append(marked.getContext()).append(" started at line ")
                        .append(marked.getContextMark().getLine() + 1).append(')');
            }
            return sb.toString();
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr();
        return "invalid YAML" + where + ": " + e.getOriginalMessage();
    }
}
