/**
 * Runs on the rack: their life cycle ({@link dev.hive.monitor.task.RunState}, with the allowed moves checked
 * where they are stored) and their results, kept as history. The task runner that executes runs will join
 * this package; at start the monitor marks every run a previous process left unfinished as interrupted.
 */
package dev.hive.monitor.task;
