package dev.hive.monitor.control;

/** What an operation does to its target. */
public enum OperationKind {
    POWER_ON,
    POWER_OFF,
    RESET,
    FLASH
}
