/**
 * What hive tests compile against. Hive tests are JUnit Jupiter tests in classes annotated {@link
 * dev.hive.runner.api.HiveTest}; their methods receive the current channel's {@link
 * dev.hive.runner.api.ProbeInfo}, the connected {@link dev.hive.runner.api.TargetInfo} and the {@link
 * dev.hive.runner.api.TestChannel}'s I/O as parameters. {@link dev.hive.runner.api.ExpectedFailure} marks a
 * test that must fail; {@link dev.hive.runner.api.OnlyTargets}, {@link dev.hive.runner.api.OnlyArchitectures}
 * and {@link dev.hive.runner.api.RequiresCapability} are contracts that turn a test into a SKIPPED result, with
 * the reason, where it does not apply. The package is small on purpose: it is published for IDEs and shaded
 * into every runner.
 */
package dev.hive.runner.api;
