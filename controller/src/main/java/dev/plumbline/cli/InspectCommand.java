package dev.plumbline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.plan.AnalysisJson;
import dev.plumbline.plan.PlanAnalysis;
import dev.plumbline.plan.PlanFile;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.util.Echo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline inspect <plan.json>}: classifies a saved {@code tofu show -json} output and prints a masked
 * summary. It only inspects, so every classification, drift included, exits 0; only a file that is not a readable
 * plan fails (exit 1), with one line naming the file and, where it is the problem, the field.
 */
@Command(
        name = "inspect",
        description = "Classify a plan (the output of `tofu show -json <planfile>`) and print a summary"
                + " with sensitive values masked.")
public final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<plan.json>", description = "output of `tofu show -json <planfile>`")
    Path planJson;

    @Option(names = "--json", description = "print the analysis as JSON instead of text")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PlanAnalysis analysis;
        try {
            analysis = PlanAnalysis.of(PlanFile.read(planJson));
        } catch (PlanFormatException e) {
            // the file as given, cut and escaped: it is input too
            return fail(Echo.text(planJson.toString()) + ": " + e.getMessage());
        }
        if (json) {
            writeJson(analysis);
        } else {
            spec.commandLine().getOut().print(analysis.text());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Written as it is made, not as one string: a plan of many thousand changes makes a large analysis. */
    private void writeJson(PlanAnalysis analysis) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().without(
                    com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValue(out, AnalysisJson.of(analysis));
        } catch (IOException e) {
            // a tree of plain nodes always serialises, and a PrintWriter does not throw; this would be a bug
            throw new IllegalStateException("writing analysis JSON: " + e.getMessage(), e);
        }
        out.println();
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("plumbline: " + message);
        return Main.ERROR;
    }
}
