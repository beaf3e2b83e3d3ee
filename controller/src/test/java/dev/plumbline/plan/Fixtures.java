package dev.plumbline.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The plans under src/test/resources/plans/, made by regenerate.sh with the real tofu. */
public final class Fixtures {
    /** The sensitive case's secret; every form Plumbline stores or prints must be free of it. */
    public static final String CANARY = "canary-s3cr3t-7f3a";

    private Fixtures() {
    }

    public static String json(String scenario) {
        try (InputStream in = resource(scenario).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading fixture " + scenario + ": " + e.getMessage(), e);
        }
    }

    public static Path path(String scenario) {
        try {
            return Path.of(resource(scenario).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Plan plan(String scenario) throws PlanFormatException {
        return PlanReader.read(json(scenario));
    }

    public static PlanAnalysis analysis(String scenario) throws PlanFormatException {
        return PlanAnalysis.of(plan(scenario));
    }

    private static URL resource(String scenario) {
        URL url = Fixtures.class.getResource("/plans/" + scenario + "/plan.json");
        if (url == null) {
            throw new IllegalStateException("no fixture plans/" + scenario + "/plan.json; run plans/regenerate.sh");
        }
        return url;
    }
}
