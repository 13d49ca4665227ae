package dev.hive.cli.command;

import dev.hive.cli.BuildInfo;
import dev.hive.cli.CliEnvironment;
import dev.hive.cli.config.ConfigStore;
import dev.hive.cli.report.Console;

/**
 * What every subcommand is built with (by {@link dev.hive.cli.HiveCommandLine}).
 *
 * @param env the process environment
 * @param build what the CLI was built with
 * @param config the stored settings and token
 * @param console where output goes
 */
public record CommandContext(CliEnvironment env, BuildInfo build, ConfigStore config, Console console) {}
