package dev.hive.protocol.run;

/** The phases of one run on the rack (DESIGN.md section 4), in the order the monitor's task runner enters them. */
public enum RunPhase {
    /** A fresh run directory is made and the runner JAR is put into it; the run options are read. */
    PREPARING,
    /** The targets are flashed with the current testprogram (only when they are not known to hold it). */
    FLASHING,
    /** The runner process is running and its IPC link is served; results stream in. */
    RUNNING,
    /** The runner has ended; the summary and the runner's output are stored. */
    COLLECTING,
    /** The targets are reflashed, so the next run finds them as the testprogram left them. */
    RESTORING
}
