package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.config.LogFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** {@code logging: {format: json}}: every line one JSON object, a run's lines with its id and workspace. */
class LogOutputTest {
    @Test
    void json_lines_carry_the_run_id_and_the_workspace() throws Exception {
        LoggerContext context = new LoggerContext();
        // the MDC of this test's thread, as the process's own context sees it
        context.setMDCAdapter(((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter());
        context.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%msg%n");
        text.start();
        appender.setEncoder(text);
        appender.setOutputStream(out);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);

        LogOutput.use(LogFormat.TEXT, context);
        root.info("as text");
        LogOutput.use(LogFormat.JSON, context);
        try (MDC.MDCCloseable w = MDC.putCloseable("workspace", "infra/prod");
                MDC.MDCCloseable r = MDC.putCloseable("run_id", "42")) {
            context.getLogger("dev.plumbline.reconcile.WorkspaceRunner").info("run {}: plan started", 42);
        }

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).as(out.toString(StandardCharsets.UTF_8)).isEqualTo("as text");
        JsonNode line = new ObjectMapper().readTree(lines[1]);
        assertThat(line.path("formattedMessage").asText()).isEqualTo("run 42: plan started");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("mdc").path("run_id").asText()).isEqualTo("42");
        assertThat(line.path("mdc").path("workspace").asText()).isEqualTo("infra/prod");
        context.stop();
    }
}
