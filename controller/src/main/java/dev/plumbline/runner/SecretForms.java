package dev.plumbline.runner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The spellings in which a tool may print a secret besides the value itself: quoted in JSON or HCL (a quote,
 * backslash, newline or {@code <} is escaped there), each line of a value that spans lines (output is redacted
 * line by line), its base64, and its digests, hex and base64 ({@code sha256(var.x)}, a file's
 * {@code content_sha256}): a digest of a short or guessable secret gives it away.
 */
final class SecretForms {
    private static final List<String> DIGESTS = List.of("MD5", "SHA-1", "SHA-256", "SHA-512");

    private SecretForms() {
    }

    static Set<String> of(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String json = jsonEscaped(secret, false);
        forms.add(json);
        // Go's encoding/json, which writes tofu's -json output, also escapes <, > and &
        forms.add(jsonEscaped(secret, true));
        forms.add(json.replace("${", "$${").replace("%{", "%%{"));
        if (secret.indexOf('\n') >= 0) {
            secret.lines().map(String::strip).filter(l -> l.length() >= Redactor.MIN_SECRET_LENGTH).forEach(forms::add);
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        for (String algorithm : DIGESTS) {
            byte[] digest = digest(algorithm, bytes);
            forms.add(HexFormat.of().formatHex(digest));
            forms.add(Base64.getEncoder().encodeToString(digest));
        }
        return forms;
    }

    private static String jsonEscaped(String s, boolean html) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean escape = c < 0x20 || c == '\u2028' || c == '\u2029'
                            || html && (c == '<' || c == '>' || c == '&');
                    if (escape) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }
}
