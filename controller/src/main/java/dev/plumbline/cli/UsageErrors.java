package dev.plumbline.cli;

import dev.plumbline.util.Echo;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * A command line that cannot be run as given: one line naming the bad option or argument (its value cut and
 * escaped), a pointer to the command's help, and exit code {@link Main#USAGE}, which no command uses for a result.
 * Picocli's own messages repeat the input whole, so they are rebuilt here from what the exception knows.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println("plumbline: " + (cmd.getParent() == null ? "" : cmd.getCommandName() + ": ")
                + reason(ex) + " (see: " + name + " --help)");
        cmd.getErr().flush();
        return Main.USAGE;
    }

    static String reason(ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        // picocli checks required options before it complains of unknown ones; the unknown one is the typo
        List<String> unmatched = ex instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : cmd.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            return unmatched(cmd, unmatched, ex instanceof UnmatchedArgumentException u ? u.getSuggestions()
                    : List.of());
        }
        String message = String.valueOf(ex.getMessage());
        if (message.startsWith("Missing required subcommand")) {
            return "no command given";
        }
        if (ex instanceof MissingParameterException missing) {
            if (message.startsWith("Missing required parameter for option") && !missing.getMissing().isEmpty()) {
                return "option " + describe(missing.getMissing().get(0)) + " needs a value";
            }
            if (!missing.getMissing().isEmpty() && !message.contains("specify one of these")) {
                return "missing " + missing.getMissing().stream().map(UsageErrors::describe)
                        .collect(Collectors.joining(", "));
            }
        }
        ArgSpec arg = ex.getArgSpec();
        String value = ex.getValue();
        if (arg != null && value != null) {
            return "invalid value for " + describe(arg) + ": " + Echo.quote(value) + problem(ex.getCause(), value);
        }
        if (value != null && message.startsWith("Unknown subcommand")) {
            return "unknown command " + Echo.quote(value);
        }
        String line = ErrorText.line(value == null ? message : message.replace(value, Echo.text(value)));
        line = line.startsWith("Error: ") ? line.substring("Error: ".length()) : line;
        return line.isEmpty() ? "invalid command line" : Character.toLowerCase(line.charAt(0)) + line.substring(1);
    }

    private static String unmatched(CommandLine cmd, List<String> unmatched, List<String> suggestions) {
        String first = unmatched.get(0);
        String what = first.startsWith("-") ? "unknown option "
                : cmd.getSubcommands().isEmpty() ? "unexpected argument " : "unknown command ";
        StringBuilder sb = new StringBuilder(what).append(Echo.quote(first));
        if (unmatched.size() > 1) {
            sb.append(" (and ").append(unmatched.size() - 1).append(" more)");
        }
        List<String> known = suggestions.stream().filter(s -> s.length() <= 40).limit(3).toList();
        if (!known.isEmpty()) {
            sb.append("; did you mean ").append(String.join(" or ", known)).append('?');
        }
        return sb.toString();
    }

    /** The reason a value was refused: picocli's starts with the value itself, which is named already. */
    private static String problem(Throwable cause, String value) {
        if (!(cause instanceof TypeConversionException) || cause.getMessage() == null) {
            return "";
        }
        String m = cause.getMessage();
        if (m.startsWith("cannot convert '")) {
            // picocli's wording names the Java type; the JDK's reason repeats the value
            return m.contains("java.nio.file.Path") ? " (not a usable path)" : " (not a usable value)";
        }
        String quoted = "'" + value + "'";
        if (m.startsWith(quoted)) {
            return " (" + ErrorText.line(m.substring(quoted.length()).strip()) + ")";
        }
        return ": " + ErrorText.line(m.replace(value, Echo.text(value)));
    }

    static String describe(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            return o.longestName();
        }
        return ((PositionalParamSpec) arg).paramLabel();
    }
}
