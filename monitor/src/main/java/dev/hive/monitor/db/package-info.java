/**
 * The monitor keeps its state (users, tokens, rack assignment, testprograms, run history, logs) in one SQLite
 * file so that a restart loses nothing and needs no database server. This package opens that file (WAL,
 * foreign keys, busy timeout), applies the versioned migrations in {@code db/migration}, and hands out the
 * jOOQ {@code DSLContext} through {@link dev.hive.monitor.db.Database#read} and
 * {@link dev.hive.monitor.db.Database#write}. The jOOQ classes in {@code dev.hive.monitor.db.generated} are
 * generated at build time from the same migrations; feature packages hold the repositories.
 */
package dev.hive.monitor.db;
