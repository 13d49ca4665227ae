/**
 * Monitor and runner log lines kept in the database so the web UI and CLI can read the newest ones back,
 * with a bounded number of rows instead of the original's unbounded log files. The monitor's own Logback
 * events reach the table through {@link dev.hive.monitor.log.DatabaseLogAppender} without ever making a
 * logging thread wait for SQLite.
 */
package dev.hive.monitor.log;
