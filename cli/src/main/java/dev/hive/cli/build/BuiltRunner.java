package dev.hive.cli.build;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A runner JAR ready to upload.
 *
 * @param jar the JAR, in the workspace
 * @param sha256 its SHA-256, 64 lower-case hex digits
 * @param size its size in bytes
 * @param reused whether it came from the cache, without running Maven
 * @param took how long it took to get it
 */
public record BuiltRunner(Path jar, String sha256, long size, boolean reused, Duration took) {}
