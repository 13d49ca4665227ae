/**
 * The runner's end of the monitor ↔ runner IPC (see {@code docs/ipc.md}): a Unix domain socket with one JSON
 * message per line, read by one daemon thread and written by any, with no queue in between.
 */
package dev.hive.runner.ipc;
