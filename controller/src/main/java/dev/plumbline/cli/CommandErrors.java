package dev.plumbline.cli;

import dev.plumbline.config.ConfigException;
import dev.plumbline.util.Echo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A command that failed: its error as one line ({@code plumbline: <what was being done>: <cause>}), exit code
 * {@link Main#ERROR}. Errors the project raises for the user say what is wrong; anything else (a bug, a library's
 * surprise, the heap running out) is an internal error, whose stack trace goes to a file named in the message,
 * not to the terminal.
 */
final class CommandErrors implements CommandLine.IExecutionExceptionHandler {
    /** The most problems of one config file printed, one per line. */
    static final int MAX_PROBLEMS = 20;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable e = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        PrintWriter err = cmd.getErr();
        for (String line : lines(e, cmd.getCommandName())) {
            err.println(line);
        }
        err.flush();
        return Main.ERROR;
    }

    static List<String> lines(Throwable e, String command) {
        List<String> lines = new ArrayList<>();
        if (e instanceof ConfigException config && !config.problems().isEmpty()) {
            // every problem of the file at once, as the config reader intends, each on a line of its own
            for (String problem : config.problems().subList(0, Math.min(MAX_PROBLEMS, config.problems().size()))) {
                lines.add("plumbline: " + ErrorText.line(Echo.text(config.file()) + ": " + problem));
            }
            if (config.problems().size() > MAX_PROBLEMS) {
                lines.add("plumbline: " + ErrorText.line(Echo.text(config.file())) + ": and "
                        + (config.problems().size() - MAX_PROBLEMS) + " more problems");
            }
            return lines;
        }
        String said = forTheUser(e) ? ErrorText.line(e.getMessage()) : null;
        if (said != null && !said.isBlank()) {
            lines.add("plumbline: " + said);
        } else if (e instanceof OutOfMemoryError) {
            lines.add("plumbline: " + command + ": out of memory (the Java heap is "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB; PLUMBLINE_JAVA_OPTS=-Xmx2g raises it)");
        } else {
            lines.add("plumbline: " + command + ": internal error (" + report(e, command) + ")");
        }
        return lines;
    }

    /**
     * Whether the message was written for the user: the project's own exceptions and the plain argument and state
     * errors it throws. A JDK subtype (a number format, a null pointer) says something only to a developer.
     */
    private static boolean forTheUser(Throwable e) {
        Class<?> type = e.getClass();
        return type.getName().startsWith("dev.plumbline.") || type == IllegalArgumentException.class
                || type == IllegalStateException.class || type == UncheckedIOException.class;
    }

    /** Writes the stack trace to an owner-only file and says where it is. */
    private static String report(Throwable e, String command) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        try {
            Path file = Files.createTempFile("plumbline-" + command + "-", ".log");
            Files.writeString(file, "plumbline " + command + ": internal error\n" + trace, StandardCharsets.UTF_8);
            return "details in " + file;
        } catch (IOException | RuntimeException writing) {
            return "the details could not be written to a file: " + ErrorText.line(writing.getMessage());
        }
    }
}
