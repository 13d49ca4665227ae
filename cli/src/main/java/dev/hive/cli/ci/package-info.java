/**
 * What the CLI gives a CI system beyond its exit code and report files: on GitHub Actions, a Markdown summary of the
 * run for the job's page and one error annotation per failing test on its source line. Other CI systems get the
 * plain behaviour (docs/ci.md).
 */
package dev.hive.cli.ci;
