/**
 * The example candidate's hive suite: the RSP probe library tested through each testchannel's probe against the
 * built-in testprogram of each target of a rack (docs/testprogram.md). It compiles against the runner API and is
 * built only into a runner ({@code examples/rsp-probe-runner}, later {@code hive test examples/rsp-probe}), never
 * into the library's own JAR.
 */
package dev.hive.example.rsp.hive;
