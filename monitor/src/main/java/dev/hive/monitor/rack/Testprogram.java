package dev.hive.monitor.rack;

/**
 * A stored testprogram.
 *
 * @param id its row id
 * @param name its unique name
 * @param builtIn whether it ships with Hive (then it cannot be edited or deleted)
 * @param active whether it is the one flashed onto the targets; at most one is
 */
public record Testprogram(long id, String name, boolean builtIn, boolean active) {}
