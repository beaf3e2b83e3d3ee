package dev.plumbline.cli;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Notification;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks of argument values, done while the command line is parsed so that a bad one is a usage error (exit
 * {@link Main#USAGE}) before any file or the store is opened. The messages do not repeat the value: the usage
 * error names it, cut and escaped.
 */
final class Arguments {
    /** The most runs one listing prints. */
    static final int MAX_LIMIT = 1000;
    /** As long as the store keeps a name ({@code approvals.approved_by}). */
    static final int MAX_NAME = 200;
    static final int MAX_COMMENT = 4000;

    private Arguments() {
    }

    /** A queued work id: a positive whole number. */
    static final class WorkId implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long id = Long.parseLong(value.strip());
                if (id >= 1) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // falls through to the one message
            }
            throw new TypeConversionException("a work id is a positive whole number (plumbline queue lists them)");
        }
    }

    /** A run id: a positive whole number. */
    static final class RunId implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long id;
            try {
                id = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("a run id is a positive whole number");
            }
            if (id < 1) {
                throw new TypeConversionException("a run id is a positive whole number");
            }
            return id;
        }
    }

    /** How many runs to list: 1 to {@link #MAX_LIMIT}. */
    static final class Limit implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw new TypeConversionException("must be from 1 to " + MAX_LIMIT);
            }
            return n;
        }
    }

    /** {@code <repo>/<workspace>}, each part of letters, digits, '.', '_' and '-'. */
    static final class Workspace implements ITypeConverter<WorkspaceId> {
        @Override
        public WorkspaceId convert(String value) {
            try {
                return WorkspaceId.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected <repo>/<workspace>, each of letters, digits, '.', '_'"
                        + " or '-', starting with a letter or digit");
            }
        }
    }

    /** A policy set's name: a set of the daemon config, or {@code repo:<repo>} for a repository's own policies. */
    static final class PolicySet implements ITypeConverter<String> {
        private static final Pattern NAME =
                Pattern.compile("(repo:[A-Za-z0-9][A-Za-z0-9._-]{0,99}|[a-z0-9][a-z0-9_.-]{0,62})");

        @Override
        public String convert(String value) {
            if (!NAME.matcher(value).matches()) {
                throw new TypeConversionException("a policy set is named by lower-case letters, digits, '_', '.' or"
                        + " '-' (or repo:<repo> for a repository's own policies)");
            }
            return value;
        }
    }

    /** A repo as the daemon config names it. */
    static final class Repo implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return new WorkspaceId(value, "x").repo();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("a repo name is letters, digits, '.', '_' or '-', starting with a"
                        + " letter or digit");
            }
        }
    }

    /** Who did something, as the audit log keeps it: not blank, one line, at most {@link #MAX_NAME} characters. */
    static final class Name implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("must not be blank");
            }
            if (value.length() > MAX_NAME) {
                throw new TypeConversionException("at most " + MAX_NAME + " characters");
            }
            requirePrintable(value, false);
            return value.strip();
        }
    }

    /** Free text kept with a record: lines of printable characters, at most {@link #MAX_COMMENT} characters. */
    static final class Comment implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.length() > MAX_COMMENT) {
                throw new TypeConversionException("at most " + MAX_COMMENT + " characters");
            }
            requirePrintable(value, true);
            return value;
        }
    }

    /** A commit, short commit or ref of a repo: what git accepts, at most 255 characters. */
    static final class Ref implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isEmpty() || value.length() > 255 || value.startsWith("-")) {
                throw new TypeConversionException("expected a commit or a ref of at most 255 characters");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= ' ' || c == 0x7f || c == '~' || c == '^' || c == ':' || c == '?' || c == '*' || c == '['
                        || c == '\\') {
                    throw new TypeConversionException("a ref has no spaces, control characters or ~^:?*[\\");
                }
            }
            return value;
        }
    }

    /** Where a notification stands: {@code pending}, {@code delivered} or {@code given-up}. */
    static final class NotificationState implements ITypeConverter<Notification.State> {
        @Override
        public Notification.State convert(String value) {
            for (Notification.State s : Notification.State.values()) {
                if (s.wire().equals(value.strip())) {
                    return s;
                }
            }
            throw new TypeConversionException("must be pending, delivered or given-up");
        }
    }

    private static void requirePrintable(String value, boolean linesAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (linesAllowed && (c == '\n' || c == '\t')) {
                continue;
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                throw new TypeConversionException("control characters are not allowed (found U+"
                        + String.format("%04X", (int) c) + " at character " + (i + 1) + ")");
            }
        }
    }
}
