package dev.plumbline.runner;

/** One line a tool printed, already redacted. */
public record OutputLine(Stream stream, String text) {
    public enum Stream {
        STDOUT,
        STDERR;

        public String wire() {
            return this == STDOUT ? "stdout" : "stderr";
        }
    }
}
