package dev.plumbline.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a remediation may apply on its own: {@code Mon-Fri 08:00-18:00 Europe/Berlin}, days (a range or a comma
 * list, {@code Mon,Wed}), a time of day from (included) to (excluded), and the time zone they are read in. A window
 * whose end is before its start runs over midnight ({@code Fri 22:00-02:00 UTC} ends on Saturday at 02:00).
 */
public record ChangeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone, String text) {
    private static final Pattern FORM = Pattern.compile("(\\S+)\\s+(\\d{2}:\\d{2})-(\\d{2}:\\d{2})\\s+(\\S+)");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public ChangeWindow {
        days = Set.copyOf(days);
    }

    /** @throws IllegalArgumentException saying which part is wrong */
    public static ChangeWindow parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must read like 'Mon-Fri 08:00-18:00 Europe/Berlin' (days, from-to, "
                    + "time zone)");
        }
        Set<DayOfWeek> days = days(m.group(1));
        LocalTime from = time(m.group(2));
        LocalTime to = time(m.group(3));
        if (from.equals(to)) {
            throw new IllegalArgumentException("starts and ends at " + from + ": the window is empty");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(m.group(4));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("names the unknown time zone '" + m.group(4) + "'; use a region such "
                    + "as Europe/Berlin or UTC");
        }
        return new ChangeWindow(days, from, to, zone, text.strip());
    }

    public boolean contains(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        if (from.isBefore(to)) {
            return days.contains(local.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
        }
        // over midnight: the evening part on a listed day, the morning part on the day after one
        return (days.contains(local.getDayOfWeek()) && !t.isBefore(from))
                || (days.contains(local.getDayOfWeek().minus(1)) && t.isBefore(to));
    }

    private static Set<DayOfWeek> days(String spec) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : spec.split(",", -1)) {
            String[] range = part.split("-", -1);
            if (range.length > 2) {
                throw new IllegalArgumentException("has the days '" + part + "'; write a range Mon-Fri or a list Mon,Wed");
            }
            int start = day(range[0]);
            int end = range.length == 2 ? day(range[1]) : start;
            for (int d = start; ; d = (d + 1) % 7) {
                out.add(DayOfWeek.of(d + 1));
                if (d == end) {
                    break;
                }
            }
        }
        return out;
    }

    private static int day(String name) {
        int d = DAYS.indexOf(name.toLowerCase(Locale.ROOT));
        if (d < 0) {
            throw new IllegalArgumentException("has the day '" + name + "'; days are Mon, Tue, Wed, Thu, Fri, Sat, Sun");
        }
        return d;
    }

    private static LocalTime time(String hhmm) {
        try {
            return LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("has the time '" + hhmm + "'; times are 00:00 to 23:59");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
