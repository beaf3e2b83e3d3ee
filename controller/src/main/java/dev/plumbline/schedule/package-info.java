/**
 * When runs happen. {@link dev.plumbline.schedule.RunQueue} decides the order and how many at once, one run per
 * workspace; {@link dev.plumbline.schedule.Schedules} fires drift checks and repository polls on a timetable kept
 * in the store, handing each fire to a {@link dev.plumbline.schedule.Dispatcher} that queues the run.
 */
package dev.plumbline.schedule;
