package dev.plumbline.hcl;

import com.bertramlabs.plugins.hcl4j.HCLParserException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Keeps hcl4j from writing to the process's standard output: its lexer prints every operator it reads
 * ({@code Conditional Matched:>}), and stdout carries a command's result, which may be JSON for a script. While a
 * thread reads HCL, what that thread prints to {@link System#out} is dropped; other threads print as before.
 */
final class QuietStdout {
    private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> false);

    private QuietStdout() {
    }

    static <T> T during(ParseWork<T> work) throws HCLParserException, IOException {
        install();
        QUIET.set(true);
        try {
            return work.get();
        } finally {
            QUIET.set(false);
        }
    }

    /** Work that reads HCL, throwing what the parser throws. */
    interface ParseWork<T> {
        T get() throws HCLParserException, IOException;
    }

    private static synchronized void install() {
        // checked each time: a test harness may have replaced System.out since
        if (!(System.out instanceof Filtered)) {
            System.setOut(new Filtered(System.out));
        }
    }

    private static final class Filtered extends PrintStream {
        Filtered(PrintStream original) {
            super(new OutputStream() {
                @Override
                public void write(int b) {
                    if (!QUIET.get()) {
                        original.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!QUIET.get()) {
                        original.write(b, off, len);
                    }
                }

                @Override
                public void flush() throws IOException {
                    original.flush();
                }
            }, true, Charset.defaultCharset());
        }
    }
}
