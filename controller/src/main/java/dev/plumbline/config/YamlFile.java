package dev.plumbline.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import dev.plumbline.util.Echo;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into a tree, nothing more: shape and meaning are checked by the callers, which is how every
 * problem can be collected instead of stopping at the first one that a data binder would throw on.
 *
 * <p>Both files Plumbline reads are small and written by people, and one of them is pushed by anyone who can push
 * to a repository, so the reader is strict: at most {@link #MAX_BYTES}, UTF-8, one document, no anchors or aliases
 * (Jackson would read {@code *name} as the text "name"), no nesting deeper than {@link #MAX_DEPTH}.
 */
final class YamlFile {
    /** Far above any real settings file, far below what would make parsing slow. */
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_DEPTH = 64;

    // A key written twice is almost always a merge accident; YAML would silently keep the last one.
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_BYTES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // `key:` with nothing after it is null, as YAML says (a factory built this way leaves it "").
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build());

    private YamlFile() { }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_BYTES);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setMaxAliasesForCollections(0);
        o.setAllowDuplicateKeys(false);
        return o;
    }

    /** The document's root, or a missing node for an empty file. Every error names {@code label}. */
    static JsonNode read(Path file, String label) {
        return parse(text(file, label), label);
    }

    /** The file's text, checked to be a readable, bounded, UTF-8 regular file. */
    private static String text(Path file, String label) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(label, "reading the file: it is a directory, not a file", null);
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ConfigException(label, "reading the file: it is not a regular file", null);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(label, "reading the file: it does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(label, "reading the file: permission denied", e);
        } catch (IOException e) {
            throw new ConfigException(label, "reading the file: " + reason(e), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConfigException(label, "reading the file: it is larger than " + MAX_BYTES / 1024
                    + " KiB; settings files are small, so this is not one", null);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ConfigException(label, "reading the file: it is not UTF-8 text (invalid byte at offset "
                    + firstInvalid(bytes) + ")", null);
        }
    }

    static JsonNode parse(String text, String label) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new ConfigException(label, "invalid YAML at line " + lineOf(text, nul) + ": a NUL character", null);
        }
        try (JsonParser parser = new Strict(YAML.getFactory().createParser(text))) {
            JsonNode root = YAML.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new ConfigException(label, "invalid YAML at line " + line(parser)
                        + ": a second document ('---') follows the first; a settings file holds one document", null);
            }
            return root == null ? MissingNode.getInstance() : root;
        } catch (AliasException e) {
            throw new ConfigException(label, "invalid YAML at line " + e.line + ": anchors and aliases ('&name', "
                    + "'*name') are not supported; write the value out", null);
        } catch (JsonProcessingException e) {
            throw new ConfigException(label, syntaxError(e), e);
        } catch (IOException e) {
            throw new ConfigException(label, "reading the file: " + reason(e), e);
        }
    }

    /** Refuses anchors and aliases as they are met, so no alias is ever read as its name. */
    private static final class Strict extends JsonParserDelegate {
        Strict(JsonParser d) {
            super(d);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (t != null && delegate instanceof YAMLParser y && (y.isCurrentAlias() || y.getObjectId() != null)) {
                throw new AliasException(line(delegate));
            }
            return t;
        }
    }

    private static final class AliasException extends IOException {
        private static final long serialVersionUID = 1L;
        final int line;

        AliasException(int line) {
            super("alias");
            this.line = line;
        }
    }

    private static int line(JsonParser p) {
        JsonLocation at = p.currentTokenLocation();
        return at == null ? 0 : at.getLineNr();
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int firstInvalid(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        var result = utf8.decode(in, out, true);
        return result.isError() ? in.position() : bytes.length;
    }

    // An IOException's message is the OS's reason ("Is a directory"); its class name is not for the user.
    private static String reason(IOException e) {
        // A FileSystemException's message starts with the path, which the label already names (cut).
        String m = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        return m == null || m.isBlank() ? "it cannot be read" : Echo.text(m);
    }

    // SnakeYAML's own message quotes the offending line; only its position and problem are kept, because the
    // line may hold something that should not end up in a log.
    private static String syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            StringBuilder sb = new StringBuilder("invalid YAML at line ")
                    .append(marked.getProblemMark().getLine() + 1)
                    .append(", column ").append(marked.getProblemMark().getColumn() + 1)
                    .append(": ").append(oneLine(marked.getProblem()));
            if (marked.getContext() != null && marked.getContextMark() != null) {
                sb.append(" (").append(oneLine(marked.getContext())).append(" started at line ")
                        .append(marked.getContextMark().getLine() + 1).append(')');
            }
            return sb.toString();
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr();
        return "invalid YAML" + where + ": " + oneLine(e.getOriginalMessage());
    }

    // Parser messages can quote a character of the input, a control character among them.
    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String first = message.strip();
        int nl = first.indexOf('\n');
        return Echo.text(nl < 0 ? first : first.substring(0, nl)).replace("\\n", " ");
    }
}
