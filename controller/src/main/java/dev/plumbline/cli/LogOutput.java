package dev.plumbline.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.plumbline.config.LogFormat;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format: json}: the stderr appender of logback.xml writes one JSON object per line (logback's
 * {@link JsonEncoder}: time, level, logger, thread, the formatted message, and the MDC, where a run's lines carry {@code run_id} and
 * {@code workspace}).
 */
final class LogOutput {
    private LogOutput() {
    }

    static void use(LogFormat format) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            use(format, context);
        }
    }

    static void use(LogFormat format, LoggerContext context) {
        if (format != LogFormat.JSON) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && !(out.getEncoder() instanceof JsonEncoder)) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.setWithSequenceNumber(false);
                json.setWithContext(false);
                // the message as a reader sees it, once: not the pattern and its arguments apart
                json.setWithFormattedMessage(true);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.start();
                // swapped in place: stopping the appender would close the stream it writes to (stderr)
                out.setEncoder(json);
            }
        }
    }
}
