package dev.plumbline.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.hcl.HclException;
import dev.plumbline.hcl.HclFile;
import dev.plumbline.runner.Redactor;
import dev.plumbline.runner.RunnerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The values of one run that are secrets because the configuration declares their variable {@code sensitive}:
 * given in {@code .plumbline.yaml} as plain text, in a var file (listed in {@code var_files}, or one tofu loads by
 * itself: {@code terraform.tfvars}, {@code *.auto.tfvars}), or as a literal default. Tofu hides such a value in
 * its own rendering, but prints it unmarked wherever a provider copies it ({@code terraform_data.output},
 * {@code local-exec} output, an error message), so every one of them goes to the redactor.
 *
 * <p>The root module's {@code variable} blocks are read from the run's work directory. A file that cannot be read
 * makes every plain variable of the workspace a secret (and says so in a note) rather than risk a leak.
 *
 * @param plainSecrets names of {@code .plumbline.yaml} variables to pass as secrets
 * @param values       values to redact that reach tofu another way: var files and defaults
 * @param notes        what the run's log should say: a file that could not be read, values too short to hide
 */
record SensitiveVariables(Set<String> plainSecrets, Set<String> values, List<String> notes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    SensitiveVariables {
        plainSecrets = Set.copyOf(plainSecrets);
        values = Set.copyOf(values);
        notes = List.copyOf(notes);
    }

    static SensitiveVariables of(WorkspaceSource source, Path workDir) {
        return new Finder(source, workDir).find();
    }

    private static final class Finder {
        private final WorkspaceSource source;
        private final Path workDir;
        private final Set<String> plainSecrets = new TreeSet<>();
        private final Set<String> values = new LinkedHashSet<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Object> declared = new LinkedHashMap<>();
        /** Some configuration file could not be read: every variable counts as sensitive. */
        private boolean unreadable;

        Finder(WorkspaceSource source, Path workDir) {
            this.source = source;
            this.workDir = workDir;
        }

        SensitiveVariables find() {
            for (Path file : files(f -> f.endsWith(".tf") || f.endsWith(".tofu") || f.endsWith(".tf.json")
                    || f.endsWith(".tofu.json"))) {
                readDeclarations(file);
            }
            if (unreadable) {
                notes.add("plumbline: every variable of " + source.id() + " is treated as sensitive and hidden in"
                        + " output, since its configuration could not be read completely");
            } else if (declared.isEmpty()) {
                return new SensitiveVariables(Set.of(), Set.of(), notes);
            }
            declared.forEach((name, defaultValue) -> add(name, defaultValue, "its default"));
            for (Path file : varFiles()) {
                Map<String, Object> given = readVarFile(file);
                given.forEach((name, value) -> add(name, value, "var file " + workDir.relativize(file)));
            }
            List<String> tooShort = new ArrayList<>();
            source.variables().forEach((name, value) -> {
                if (!isSensitive(name)) {
                    return;
                }
                if (value.length() >= Redactor.MIN_SECRET_LENGTH) {
                    plainSecrets.add(name);
                    values.add(value);
                    addPart(structured(value));
                } else if (unreadable) {
                    tooShort.add(name);
                } else {
                    add(name, value, ".plumbline.yaml");
                }
            });
            if (!tooShort.isEmpty()) {
                notes.add("plumbline: not hidden in output, being shorter than " + Redactor.MIN_SECRET_LENGTH
                        + " characters: " + String.join(", ", tooShort));
            }
            return new SensitiveVariables(plainSecrets, values, notes);
        }

        private boolean isSensitive(String name) {
            return unreadable || declared.containsKey(name);
        }

        /** Remembers the string parts of a sensitive variable's value; a string too short to hide fails the run. */
        private void add(String name, Object value, String origin) {
            if (!isSensitive(name) || value == null) {
                return;
            }
            if (value instanceof String s) {
                if (s.isEmpty() || s.contains(HclFile.EXPRESSION)) {
                    return;
                }
                if (s.length() < Redactor.MIN_SECRET_LENGTH) {
                    if (unreadable) {
                        return;
                    }
                    throw new RunnerException("workspace " + source.id() + ": variable " + name + " is declared"
                            + " sensitive, but its value from " + origin + " is shorter than "
                            + Redactor.MIN_SECRET_LENGTH + " characters, too short to be hidden in output reliably;"
                            + " give it a longer value");
                }
                values.add(s);
            } else if (value instanceof Map<?, ?> m) {
                m.values().forEach(this::addPart);
            } else if (value instanceof Collection<?> c) {
                c.forEach(this::addPart);
            }
        }

        /**
         * A part of an object or list: numbers and flags are too common to hide, and so is a short string, say the
         * {@code user = "app"} beside a password. Tofu masks the whole value where it marks it.
         */
        private void addPart(Object part) {
            if (part instanceof String s && s.length() >= Redactor.MIN_SECRET_LENGTH && !s.contains(HclFile.EXPRESSION)) {
                values.add(s);
            } else if (part instanceof Map<?, ?> m) {
                m.values().forEach(this::addPart);
            } else if (part instanceof Collection<?> c) {
                c.forEach(this::addPart);
            }
        }

        /** A TF_VAR_ value of an object or list type is HCL; its strings are what tofu may print one by one. */
        private static Object structured(String value) {
            String v = value.strip();
            if (!v.startsWith("{") && !v.startsWith("[")) {
                return null;
            }
            try {
                return HclFile.read("v = " + v + "\n", "a value").get("v");
            } catch (HclException e) {
                return null; // the value as a whole is hidden all the same
            }
        }

        private void readDeclarations(Path file) {
            String text = read(file);
            if (!text.contains("sensitive")) {
                return; // nothing declared sensitive here, so nothing to learn from parsing it
            }
            try {
                Map<String, ?> blocks = file.toString().endsWith(".json") ? json(file) : HclFile.read(file);
                if (blocks.get("variable") instanceof Map<?, ?> variables) {
                    variables.forEach((name, body) -> {
                        if (body instanceof Map<?, ?> attributes && sensitiveFlag(attributes.get("sensitive"))) {
                            declared.put(name.toString(), attributes.get("default"));
                        }
                    });
                }
            } catch (HclException e) {
                unreadable = true;
                notes.add("plumbline: " + e.getMessage().replace(workDir + "/", ""));
            }
        }

        /** Anything but a literal false counts: an unexpected spelling is no reason to leak. */
        private static boolean sensitiveFlag(Object flag) {
            return flag != null && !Boolean.FALSE.equals(flag) && !"false".equals(flag);
        }

        private Map<String, Object> readVarFile(Path file) {
            try {
                return file.toString().endsWith(".json") ? json(file) : HclFile.read(file);
            } catch (HclException e) {
                throw new RunnerException("workspace " + source.id() + ": " + e.getMessage().replace(workDir + "/", "")
                        + "; the values it gives sensitive variables could not be found to hide them in output", e);
            }
        }

        /** The var files tofu reads, in its order: those it loads by itself, then those of var_files. */
        private List<Path> varFiles() {
            List<Path> files = new ArrayList<>();
            for (String name : List.of("terraform.tfvars", "terraform.tfvars.json")) {
                if (Files.isRegularFile(workDir.resolve(name))) {
                    files.add(workDir.resolve(name));
                }
            }
            files.addAll(files(f -> f.endsWith(".auto.tfvars") || f.endsWith(".auto.tfvars.json")));
            source.varFiles().forEach(f -> files.add(workDir.resolve(f).normalize()));
            return files;
        }

        private List<Path> files(java.util.function.Predicate<String> name) {
            try (Stream<Path> list = Files.list(workDir)) {
                return list.filter(p -> name.test(p.getFileName().toString()) && Files.isRegularFile(p)).sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + workDir + ": " + e.getMessage(), e);
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> json(Path file) {
            try {
                JsonNode root = JSON.readTree(file.toFile());
                Object value = root == null ? null : JSON.convertValue(root, Object.class);
                if (!(value instanceof Map<?, ?>)) {
                    throw new HclException("reading " + file + ": not a JSON object", null);
                }
                return (Map<String, Object>) value;
            } catch (IOException e) {
                // Jackson's message quotes the offending token, which may be part of a secret
                throw new HclException("reading " + file + ": not valid JSON", e);
            }
        }
    }
}
