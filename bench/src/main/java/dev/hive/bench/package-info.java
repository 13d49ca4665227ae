/**
 * Benchmarks. Each scenario measures the things it compares side by side in the same run and prints
 * figures and ratios, because on a shared machine ratios hold while absolute times drift. Nothing here
 * passes or fails on a timing; the numbers go into docs/performance.md.
 */
package dev.hive.bench;
