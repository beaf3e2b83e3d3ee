package dev.plumbline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input corpus: cases read from {@code src/test/resources/bad-input/<category>.cases}, and the rules every
 * error message they provoke must follow.
 *
 * <p>A {@code .cases} file is a list of cases, each starting with a line {@code ### <name>}, then header lines
 * {@code key: value} (at least {@code expect:}, the words the message must contain, separated by {@code |}), then a
 * line {@code ---}, then the input, up to the next {@code ###} line or the end (the newline before {@code ###} is
 * not part of it). In the input, {@code <<repeat N:text>>} stands for {@code text} written N times (text without
 * {@code >>}), {@code <<hex:ff fe>>} for raw bytes, and {@code <<NUL>>}, {@code <<ESC>>}, {@code <<BEL>>},
 * {@code <<CR>>}, {@code <<TAB>>}, {@code <<DEL>>} for those characters. Lines starting with {@code #} that are
 * not {@code ###} lines, before the first case, are comments.
 */
public final class BadInput {
    /** The longest message a case may produce: the input it names is cut, never echoed whole. */
    public static final int MAX_MESSAGE = 1000;

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "<<(repeat (\\d+):(.*?)|hex:([0-9a-fA-F ]+)|NUL|ESC|BEL|CR|TAB|DEL)>>", Pattern.DOTALL);
    // What would betray the implementation rather than name the user's input: a Java type or a stack frame.
    private static final Pattern JAVA_CLASS = Pattern.compile(
            "\\b[A-Z][A-Za-z0-9]*(Exception|Error)\\b|\\b(java|javax|jdk|sun|com|org|dev)\\.[a-z0-9]+\\.[A-Za-z]"
                    + "|\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|\\bCaused by:");

    /** One case: its name, headers and the input as bytes. */
    public record Case(String category, String name, Map<String, String> headers, byte[] input) {
        public String text() {
            return new String(input, StandardCharsets.UTF_8);
        }

        /** The words the message must contain. */
        public List<String> expected() {
            String e = headers.get("expect");
            List<String> out = new ArrayList<>();
            for (String part : e == null ? new String[0] : e.split("\\|")) {
                if (!part.strip().isEmpty()) {
                    out.add(part.strip());
                }
            }
            return out;
        }

        public String header(String key, String fallback) {
            return headers.getOrDefault(key, fallback);
        }

        @Override
        public String toString() {
            return category + ": " + name;
        }
    }

    private BadInput() { }

    /** The cases of one category, from the test class path. */
    public static List<Case> load(String category) {
        String resource = "/bad-input/" + category + ".cases";
        try (InputStream in = BadInput.class.getResourceAsStream(resource)) {
            assertThat(in).as("corpus file " + resource).isNotNull();
            return parse(category, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> parse(String category, String text) {
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length && !lines[i].startsWith("### ")) {
            i++;
        }
        while (i < lines.length) {
            String name = lines[i].substring(4).strip();
            i++;
            Map<String, String> headers = new LinkedHashMap<>();
            while (i < lines.length && !lines[i].equals("---")) {
                String h = lines[i];
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
                } else if (!h.isBlank()) {
                    throw new IllegalArgumentException(category + ": case '" + name + "': header line without ':' '" + h + "'");
                }
                i++;
            }
            i++; // ---
            StringBuilder body = new StringBuilder();
            boolean first = true;
            while (i < lines.length && !lines[i].startsWith("### ")) {
                if (!first) {
                    body.append('\n');
                }
                body.append(lines[i]);
                first = false;
                i++;
            }
            cases.add(new Case(category, name, headers, expand(body.toString())));
        }
        return cases;
    }

    /** The input with its placeholders replaced. */
    public static byte[] expand(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            out.writeBytes(text.substring(last, m.start()).getBytes(StandardCharsets.UTF_8));
            String p = m.group(1);
            if (m.group(2) != null) {
                out.writeBytes(m.group(3).repeat(Integer.parseInt(m.group(2))).getBytes(StandardCharsets.UTF_8));
            } else if (m.group(4) != null) {
                out.writeBytes(HexFormat.of().parseHex(m.group(4).replace(" ", "")));
            } else {
                out.write(switch (p) {
                    case "NUL" -> 0;
                    case "ESC" -> 0x1b;
                    case "BEL" -> 7;
                    case "CR" -> '\r';
                    case "TAB" -> '\t';
                    default -> 0x7f;
                });
            }
            last = m.end();
        }
        out.writeBytes(text.substring(last).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Asserts the rules of a user-facing error: one line (a trailing newline allowed), naming each of
     * {@code names}, no Java class names or stack frames, no raw control characters, at most {@link #MAX_MESSAGE}
     * characters.
     */
    public static void assertCleanError(String what, String message, List<String> names) {
        assertThat(message).as(what + ": the message").isNotNull();
        String m = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        assertThat(m).as(what + ": the message").isNotBlank();
        assertThat(m.length()).as(what + ": length of the message '" + cut(m) + "'").isLessThanOrEqualTo(MAX_MESSAGE);
        assertThat(m).as(what + ": the message is one line").doesNotContain("\n").doesNotContain("\r");
        assertThat(m.chars().filter(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)).count())
                .as(what + ": raw control characters in '" + cut(m) + "'").isZero();
        Matcher java = JAVA_CLASS.matcher(m);
        assertThat(java.find() ? java.group() : null).as(what + ": a Java class or stack frame in '" + cut(m) + "'")
                .isNull();
        for (String name : names) {
            assertThat(m).as(what + ": the message names '" + name + "'").contains(name);
        }
    }

    /**
     * Runs {@code work} as the CLI runs it: on a thread with the 512 KiB stack that {@code ./plumbline} gives the JVM
     * ({@code -Xss512k}), so input that overflows the stack there overflows it here too; fails after {@code limit}.
     */
    public static <T> T onCliStack(String what, Duration limit, Callable<T> work)
            throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(new Object[] {work.call()});
            } catch (Throwable e) {
                result.set(e);
            }
        }, "bad-input", 512 * 1024);
        t.setDaemon(true);
        t.start();
        t.join(limit.toMillis());
        if (t.isAlive()) {
            t.interrupt();
            throw new AssertionError(what + ": took longer than " + limit);
        }
        Object r = result.get();
        if (r instanceof Throwable e) {
            throw new AssertionError(what + ": threw " + e, e);
        }
        @SuppressWarnings("unchecked")
        T value = (T) ((Object[]) r)[0];
        return value;
    }

    private static String cut(String s) {
        String shown = s.length() > 300 ? s.substring(0, 300) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
