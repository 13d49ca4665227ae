/**
 * The code of {@code docs/writing-hive-tests.md}: each Java snippet of the guide is a tagged region of a class here,
 * compiled with the CLI's tests against the runner API, checked against the guide by {@link GuideSnippetsTest}, and run
 * on a virtual rack by {@code HiveInitIT}, so the guide cannot go stale.
 */
package dev.hive.cli.guide;
