/**
 * Where the CLI keeps what {@code hive connect} learned: the monitor's address and TLS settings in
 * {@code config.properties}, the API token in a {@code credentials} file only its owner may read, and how those
 * combine with the command line and {@code HIVE_URL}/{@code HIVE_TOKEN} into the connection a command uses.
 */
package dev.hive.cli.config;
