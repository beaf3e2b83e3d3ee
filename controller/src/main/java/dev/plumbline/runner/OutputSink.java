package dev.plumbline.runner;

/** Receives a tool's output line by line, as it is printed. Called from the output pump threads. */
@FunctionalInterface
public interface OutputSink {
    void accept(OutputLine line);

    OutputSink DISCARD = line -> { };
}
