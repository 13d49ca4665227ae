package dev.hive.cli.command;

/** A subcommand with the {@link GlobalOptions} mixin, so the error handler can see {@code --stacktrace}. */
public interface HasGlobalOptions {

    GlobalOptions global();
}
