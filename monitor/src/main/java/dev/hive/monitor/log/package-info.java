/**
 * Monitor and runner log lines kept in the database so the web UI and CLI can read the newest ones back,
 * with a bounded number of rows instead of the original's unbounded log files.
 */
package dev.hive.monitor.log;
