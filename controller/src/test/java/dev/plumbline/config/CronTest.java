package dev.plumbline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CronTest {
    @Test
    void five_fields_gain_seconds_and_an_open_day_of_week() {
        assertThat(Cron.toQuartz("*/15 * * * *")).isEqualTo("0 */15 * * * ?");
        assertThat(Cron.toQuartz("0 * * * *")).isEqualTo("0 0 * * * ?");
        assertThat(Cron.toQuartz("30 2 1 * *")).isEqualTo("0 30 2 1 * ?");
    }

    @Test
    void a_restricted_day_of_week_opens_day_of_month_and_is_renamed() {
        // cron counts Sunday as 0 (and 7), Quartz as 1: names mean the same in both.
        assertThat(Cron.toQuartz("0 9 * * 1-5")).isEqualTo("0 0 9 ? * MON-FRI");
        assertThat(Cron.toQuartz("0 9 * * 0,6")).isEqualTo("0 0 9 ? * SUN,SAT");
        assertThat(Cron.toQuartz("0 9 * * 5-7")).isEqualTo("0 0 9 ? * FRI-SUN");
        assertThat(Cron.toQuartz("0 9 * * 1-5/2")).isEqualTo("0 0 9 ? * MON-FRI/2");
        assertThat(Cron.toQuartz("0 9 * * */2")).isEqualTo("0 0 9 ? * */2");
        assertThat(Cron.toQuartz("0 9 * * mon")).isEqualTo("0 0 9 ? * mon");
    }

    @Test
    void macros_are_understood() {
        assertThat(Cron.toQuartz("@hourly")).isEqualTo("0 0 * * * ?");
        assertThat(Cron.toQuartz("@daily")).isEqualTo("0 0 0 * * ?");
        assertThat(Cron.toQuartz("@weekly")).isEqualTo("0 0 0 ? * SUN");
    }

    @Test
    void quartz_expressions_are_taken_as_written() {
        assertThat(Cron.toQuartz("0 0/5 * ? * MON-FRI")).isEqualTo("0 0/5 * ? * MON-FRI");
        assertThat(Cron.toQuartz("  0 0 12 1 1 ? 2030 ")).isEqualTo("0 0 12 1 1 ? 2030");
    }

    @Test
    void invalid_expressions_say_why() {
        assertThatThrownBy(() -> Cron.toQuartz("61 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is not a valid cron expression ('0 61 * * * ?' in Quartz syntax): "
                        + "Minute and Second values must be between 0 and 59");
        assertThatThrownBy(() -> Cron.toQuartz("every hour")).hasMessage(
                "must have 5 fields (minute hour day-of-month month day-of-week) or 6 to 7 Quartz fields "
                        + "(seconds first), got 2");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 * * * *")).hasMessageContaining(
                "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented");
        assertThatThrownBy(() -> Cron.toQuartz("0 9 1 * 1")).hasMessage("restricts both day-of-month and "
                + "day-of-week, which Quartz cannot run (cron would fire when either matches); keep one of them '*'");
        assertThatThrownBy(() -> Cron.toQuartz("")).hasMessageEndingWith("got 0");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 30 2 *")).hasMessage("can never fire: no date matches it from now on");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 0 1 1 ? 2020")).hasMessage("can never fire: no date matches it from now on");
        assertThatThrownBy(() -> Cron.toQuartz("0 \u0007 * * *")).hasMessage("must not contain control characters");
    }
}
