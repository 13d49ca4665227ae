/**
 * The rack file: which backend a rack uses, its channels, stacks and targets. Read once, validated against
 * the target catalog, and turned into immutable records; every mistake is reported with the file, line and
 * the name of what is wrong. The format is documented in {@code docs/rack-file.md}.
 */
package dev.hive.rack.config;
