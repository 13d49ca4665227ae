/**
 * What a run tests and who asked for it, gathered by the CLI before it submits the run: the candidate's Maven
 * coordinates, the Git checkout it was built from (by running {@code git}, with a short timeout, nothing when git is
 * absent or the candidate is not a checkout) and the CI job (from the CI's standard environment variables).
 */
package dev.hive.cli.provenance;
