/**
 * Admin control of one target between runs: power off and on, reset, and flashing an uploaded ELF (an
 * asynchronous operation with a state to poll). Each takes the rack the way a run does ({@code
 * TaskRunner.whileIdle}): it is refused while a run uses the rack, and runs queued meanwhile wait for it. Who may
 * control a target is a {@link ControlPermission}: an admin today, the holder of the target's lease too once
 * leases exist. {@code web} serves it over REST and GraphQL.
 */
package dev.hive.monitor.control;
