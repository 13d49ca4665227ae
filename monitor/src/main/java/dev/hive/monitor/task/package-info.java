/**
 * Runs on the rack: their life cycle ({@link dev.hive.monitor.task.RunState}, with the allowed moves checked
 * where they are stored), the queue they wait in, the tickets that admit them, and the {@link
 * dev.hive.monitor.task.TaskRunner} that executes one at a time (flash, start the runner in its sandbox,
 * serve its IPC link, store and report results, tell the run's end, restore the rack), with a {@link
 * dev.hive.monitor.task.RunnerSupervisor} per run for the runner process from launch to exit. At start the monitor marks every run a
 * previous process left unfinished as interrupted.
 */
package dev.hive.monitor.task;
