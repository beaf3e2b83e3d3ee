package dev.plumbline.hcl;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ComputedTuple;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.EvalSymbol;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Function;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of one HCL file as nested maps, lists and literal values ({@link String}, {@link Double},
 * {@link Boolean}): blocks become maps keyed by their labels ({@code variable -> name -> attributes}).
 */
public final class HclFile {
    /** What stands for anything that is not a literal; a string holding it was built by interpolation. */
    public static final String EXPRESSION = "\u0000(expression)\u0000";

    private HclFile() {
    }

    public static Map<String, Object> read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new HclException("reading " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Reads HCL text that did not come from a file; {@code what} names it in an error. */
    public static Map<String, Object> read(String text, String what) {
        try {
            return parse(new StringReader(text), what);
        } catch (IOException e) {
            throw new HclException("reading " + what + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static Map<String, Object> parse(Reader in, String what) throws IOException {
        try {
            return QuietStdout.during(() -> new LiteralParser().parse(in));
        } catch (HCLParserException | RuntimeException | StackOverflowError | LinkageError e) {
            // hcl4j's messages quote the input, so only the kind of failure is told
            Throwable cause = e instanceof RuntimeException && e.getCause() != null ? e.getCause() : e;
            throw new HclException("reading " + what + ": hcl4j cannot parse it (" + cause.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /** Whether a value read by {@link #read} is made of literals only. */
    public static boolean isLiteral(Object value) {
        if (value instanceof String s) {
            return !s.contains(EXPRESSION);
        }
        if (value instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(HclFile::isLiteral);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().allMatch(HclFile::isLiteral);
        }
        return value == null || value instanceof Number || value instanceof Boolean;
    }

    /**
     * hcl4j's parser evaluates what it reads: functions, for expressions, references, and data lookups, one of
     * which ({@code data "http"}) sends a request. Here every evaluation yields {@link #EXPRESSION} instead.
     */
    private static final class LiteralParser extends HCLParser {
        LiteralParser() {
            functionRegistry.clear();
            dataLookupRegistry.clear();
        }

        @Override
        protected Object evaluateFunctionCall(String name, Function function) {
            return EXPRESSION;
        }

        @Override
        protected Object evaluateFunctionCall(String name, Function function, Map<String, Object> context) {
            return EXPRESSION;
        }

        @Override
        protected Object evaluateComputedTuple(ComputedTuple tuple) {
            return EXPRESSION;
        }

        @Override
        protected Object evaluateComputedTuple(ComputedTuple tuple, Map<String, Object> context) {
            return EXPRESSION;
        }

        @Override
        protected Map<String, Object> evaluateDataLookup(String type, String name, Map<String, Object> properties) {
            return new LinkedHashMap<>();
        }

        @Override
        protected Object processEvaluation(EvalSymbol symbol, Object context) {
            return EXPRESSION;
        }

        @Override
        protected Object processEvaluation(EvalSymbol symbol, Object context, Map<String, Object> values) {
            return EXPRESSION;
        }
    }
}
