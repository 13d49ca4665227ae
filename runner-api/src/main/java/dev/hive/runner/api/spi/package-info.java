/**
 * The seam between the hive extension and the runner that drives it: the runner builds a {@link
 * dev.hive.runner.api.spi.HiveSession} per channel and target and hands it over through JUnit's launcher
 * session store, so no static state connects the two. Hive tests do not use this package.
 */
package dev.hive.runner.api.spi;
