package dev.plumbline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.plan.AnalysisJson;
import dev.plumbline.plan.PlanAnalysis;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.plan.PlanReader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline inspect <plan.json>}: classifies a saved {@code tofu show -json} output and prints a masked
 * summary. It only inspects, so every classification, drift included, exits 0; only an unreadable file fails.
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
            analysis = PlanAnalysis.of(PlanReader.read(Files.readAllBytes(planJson)));
        } catch (NoSuchFileException e) {
            return fail("reading plan " + planJson + ": no such file");
        } catch (AccessDeniedException e) {
            return fail("reading plan " + planJson + ": permission denied");
        } catch (IOException e) {
            return fail("reading plan " + planJson + ": " + e.getMessage());
        } catch (PlanFormatException e) {
            return fail(planJson + ": " + e.getMessage());
        }
        spec.commandLine().getOut().print(json ? asJson(analysis) : analysis.text());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String asJson(PlanAnalysis analysis) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(AnalysisJson.of(analysis))
                    + System.lineSeparator();
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serialises; this would be a bug, not bad input
            throw new IllegalStateException("writing analysis JSON: " + e.getMessage(), e);
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("plumbline inspect: " + message);
        return 1;
    }
}
