package dev.plumbline.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.quartz.CronExpression;

/** How often a schedule fires: a Quartz cron expression, evaluated in the daemon's time zone, or an interval. */
public sealed interface Cadence permits Cadence.Cron, Cadence.Every {
    static Cadence cron(String expression) {
        return new Cron(expression);
    }

    static Cadence every(Duration interval) {
        return new Every(interval);
    }

    /** Quartz's syntax, seconds first: {@code 0 0 3 * * ?} is every day at 03:00. */
    record Cron(String expression) implements Cadence {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            try {
                CronExpression.validateExpression(expression);
            } catch (ParseException e) {
                throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage(),
                        e);
            }
        }

        @Override
        public String toString() {
            return "cron " + expression;
        }
    }

    record Every(Duration interval) implements Cadence {
        public Every {
            if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("invalid schedule interval " + interval + ": at least 1s");
            }
        }

        @Override
        public String toString() {
            return "every " + interval.toString().substring(2).toLowerCase(Locale.ROOT);
        }
    }
}
