package dev.plumbline.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;

/** A masked value as one short line of text: strings quoted, placeholders bare, long values cut. */
final class ValueText {
    private static final int MAX = 120;

    private ValueText() {
    }

    static String of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isTextual() && isPlaceholder(value.textValue())) {
            return value.textValue();
        }
        String text = firstChars(value);
        return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }

    /** The value's JSON, written only as far as is shown: a changed file's content may be megabytes long. */
    private static String firstChars(JsonNode value) {
        StringBuilder sb = new StringBuilder();
        Writer bounded = new Writer() {
            @Override
            public void write(char[] chars, int from, int length) throws IOException {
                sb.append(chars, from, Math.min(length, MAX + 1 - sb.length()));
                if (sb.length() > MAX) {
                    throw new Enough();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (JsonGenerator g = PlanReader.mapper().createGenerator(bounded)) {
            g.writeTree(value);
        } catch (Enough e) {
            return sb.toString();
        } catch (IOException e) {
            return value.toString();
        }
        return sb.toString();
    }

    /** Stops the writing once enough is written. */
    private static final class Enough extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static boolean isPlaceholder(String text) {
        return Masks.SENSITIVE.equals(text) || Masks.UNKNOWN.equals(text);
    }
}
