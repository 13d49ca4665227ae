/**
 * {@code hive init}: making a user's Maven project ready for hive tests. It installs the test API the CLI carries into
 * the user's local repository (so Maven and every IDE resolve it), writes a first hive test, and adds a {@code hive}
 * profile to the POM by inserting text, so the user's formatting survives and a second run changes nothing.
 */
package dev.hive.cli.init;
