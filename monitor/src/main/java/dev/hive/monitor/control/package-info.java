/**
 * Admin control of one target between runs: power off and on, reset, and flashing an uploaded ELF (an
 * asynchronous operation with a state to poll). Each takes the rack the way a run does ({@code
 * TaskRunner.whileIdle}): it is refused while a run uses the rack, and runs queued meanwhile wait for it. Who may
 * control a target is a {@link ControlPermission}: an admin, or the holder of an open lease on that target. {@code
 * web} serves it over REST and GraphQL.
 */
package dev.hive.monitor.control;
