/**
 * When runs happen. {@link dev.plumbline.schedule.Schedules} fires drift checks and repository polls on a timetable
 * kept in the store (Quartz), handing each fire to a {@link dev.plumbline.schedule.Dispatcher};
 * {@link dev.plumbline.schedule.TriggeredRuns} turns fires, polls and retries into rows of the store's queue, and
 * {@link dev.plumbline.schedule.ClaimLoop} claims this daemon's share of that queue and runs it through
 * {@link dev.plumbline.schedule.WorkDispatch}. Imports {@code reconcile} and the leaves.
 */
package dev.plumbline.schedule;
