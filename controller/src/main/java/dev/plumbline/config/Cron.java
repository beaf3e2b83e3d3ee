package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * Cron expressions as people write them, turned into what Quartz runs. A standard five-field expression
 * (<code>*&#47;15 * * * *</code>) gains a seconds field and Quartz's {@code ?}, and its numeric days of the week are
 * renamed, because cron counts Sunday as 0 and Quartz as 1. Six or seven fields are taken as Quartz syntax.
 */
public final class Cron {
    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

    /** Longer than any expression a person writes; Quartz's parser is not meant for megabytes. */
    static final int MAX_LENGTH = 200;

    private Cron() { }

    /**
     * The Quartz form of {@code expression}.
     *
     * @throws IllegalArgumentException saying what is wrong, in words fit for a config error
     */
    public static String toQuartz(String expression) {
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
        }
        if (expression.chars().anyMatch(c -> Character.isISOControl(c) && !Character.isWhitespace(c))) {
            throw new IllegalArgumentException("must not contain control characters");
        }
        String text = expression.strip();
        text = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        String quartz;
        if (fields.length == 5) {
            quartz = fromStandard(fields);
        } else if (fields.length == 6 || fields.length == 7) {
            quartz = String.join(" ", fields);
        } else {
            throw new IllegalArgumentException("must have 5 fields (minute hour day-of-month month day-of-week) or "
                    + "6 to 7 Quartz fields (seconds first), got " + fields.length);
        }
        CronExpression parsed;
        try {
            parsed = new CronExpression(quartz);
        } catch (ParseException | RuntimeException e) { // Quartz throws unchecked errors for some input too
            throw new IllegalArgumentException("is not a valid cron expression (" + Echo.quote(quartz) + " in Quartz syntax)"
                    + (e.getMessage() == null ? "" : ": " + Echo.text(e.getMessage(), 200)));
        }
        // Quartz refuses to schedule a trigger that has no next fire time ("will never fire"): 30 February, or a
        // year that has passed. Such a schedule is the file's mistake and is reported with its other problems.
        if (parsed.getNextValidTimeAfter(new Date()) == null) {
            throw new IllegalArgumentException("can never fire: no date matches it from now on");
        }
        return quartz;
    }

    private static String fromStandard(String[] f) {
        String dayOfMonth = f[2];
        String dayOfWeek = dayNames(f[4]);
        // Quartz wants exactly one of the two day fields left open with '?'. Cron runs when either restricted
        // field matches, which Quartz cannot express, so that case is refused rather than silently changed.
        if (dayOfWeek.equals("*") || dayOfWeek.equals("?")) {
            dayOfWeek = "?";
        } else if (dayOfMonth.equals("*") || dayOfMonth.equals("?")) {
            dayOfMonth = "?";
        } else {
            throw new IllegalArgumentException("restricts both day-of-month and day-of-week, which Quartz cannot "
                    + "run (cron would fire when either matches); keep one of them '*'");
        }
        return String.join(" ", "0", f[0], f[1], dayOfMonth, f[3], dayOfWeek);
    }

    /** {@code 1-5} becomes {@code MON-FRI}; steps ({@code /2}) and names are left as they are. */
    private static String dayNames(String field) {
        List<String> items = new ArrayList<>();
        for (String item : field.split(",", -1)) {
            int slash = item.indexOf('/');
            String base = slash < 0 ? item : item.substring(0, slash);
            String step = slash < 0 ? "" : item.substring(slash);
            StringBuilder converted = new StringBuilder();
            for (String bound : base.split("-", -1)) {
                if (converted.length() > 0) {
                    converted.append('-');
                }
                converted.append(dayName(bound));
            }
            items.add(converted + step);
        }
        return String.join(",", items);
    }

    private static String dayName(String bound) {
        if (bound.matches("[0-7]")) {
            return DAY_NAMES[Integer.parseInt(bound)];
        }
        return bound;
    }
}
