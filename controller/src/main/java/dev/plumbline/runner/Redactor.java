package dev.plumbline.runner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces known secret values in text before it is logged, stored or posted. Values are matched literally, in
 * each of the forms a tool may print them in ({@link SecretForms}: escaped, line by line, digests); longer values
 * first, so a secret that contains another is hidden whole.
 */
public final class Redactor {
    public static final String MASK = "***";
    /** Shorter values would blank out ordinary words and numbers; such secrets are refused upstream. */
    public static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    public static Redactor of(Collection<String> values) {
        Set<String> forms = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && v.length() >= MIN_SECRET_LENGTH) {
                forms.addAll(SecretForms.of(v));
            }
        }
        List<String> list = new ArrayList<>();
        forms.stream().filter(f -> f.length() >= MIN_SECRET_LENGTH).forEach(list::add);
        list.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(list));
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

}
