package dev.hive.cli;

/** The {@code hive} command's entry point. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = HiveCommandLine.create(CliEnvironment.system()).execute(args);
        System.exit(code);
    }
}
