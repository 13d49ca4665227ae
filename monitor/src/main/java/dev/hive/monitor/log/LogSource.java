package dev.hive.monitor.log;

/** Which process wrote a log line. */
public enum LogSource {
    MONITOR,
    RUNNER
}
