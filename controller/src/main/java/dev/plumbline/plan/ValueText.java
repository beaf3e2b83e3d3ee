package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;

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
        String text = value.toString();
        return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }

    private static boolean isPlaceholder(String text) {
        return Masks.SENSITIVE.equals(text) || Masks.UNKNOWN.equals(text);
    }
}
