package dev.hive.cli.init;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The first hive test {@code hive init} writes: it passes on any rack with the built-in testprogram, shows what a test
 * receives (the probe, the target, the testprogram's symbols and {@code HIVE_UID}) and where the library under test is
 * called. Its package comes from the project's groupId.
 */
public final class FirstTestSource {

    /** The class name of the first test. */
    public static final String CLASS = "FirstHiveTest";

    private static final Set<String> KEYWORDS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
            "yield",
            "sealed",
            "permits");

    private static final Pattern NOT_PART = Pattern.compile("[^a-z0-9_]");

    private static final String SOURCE =
            """
            package %s;

            import static org.junit.jupiter.api.Assertions.assertEquals;
            import static org.junit.jupiter.api.Assertions.assertNotEquals;
            import static org.junit.jupiter.api.Assertions.assertTrue;

            import dev.hive.runner.api.HiveTest;
            import dev.hive.runner.api.ProbeInfo;
            import dev.hive.runner.api.TargetInfo;
            import org.junit.jupiter.api.Test;

            /**
             * A first hive test, written by hive init. `hive test` runs it once on every probe x target of the rack;
             * outside a rack (mvn -Phive test, the IDE) it is reported skipped. Guide: docs/writing-hive-tests.md.
             */
            @HiveTest
            class FirstHiveTest {

                @Test
                void seesTheProbeAndTheTestprogram(ProbeInfo probe, TargetInfo target) {
                    // The probe of this test channel, and where it is reached: unix:/path for a virtual probe,
                    // serial:/dev/ttyACM0, tcp:host:port or usb:BUS-PORT for a real one.
                    assertTrue(probe.endpoint().contains(":"), "an endpoint for " + probe);

                    // The testprogram flashed onto the target: the address of one of its known symbols ...
                    long header = target.symbol("hive_header");
                    assertTrue(
                            target.memory().stream().anyMatch(r -> header >= r.origin() && header < r.end()),
                            "hive_header lies in the memory of " + target);

                    // ... and HIVE_UID, new for every build of the testprogram, also written into its header.
                    assertNotEquals(0L, target.hiveUid(), "a testprogram was built for " + target);
                    String define = target.define("HIVE_UID").orElseThrow();
                    assertEquals(target.hiveUid(), Long.parseUnsignedLong(define.replaceAll("^0x|[uUlL]+$", ""), 16));

                    // Call the library under test here: open the probe with it and check what it reads, e.g.
                    //   try (var session = MyProbe.open(probe.endpoint())) {
                    //       assertEquals(0xC0FFEE00L, session.readU32(header));             // the header's magic
                    //       assertEquals(target.hiveUid(), session.readU64(header + 0x10)); // HIVE_UID
                    //   }
                }
            }
            """;

    private FirstTestSource() {}

    /** The test's source in {@code packageName}. */
    public static String source(String packageName) {
        return SOURCE.formatted(packageName);
    }

    /** A Java package name made from a Maven groupId: lower case, every part a valid identifier. */
    public static String packageOf(String groupId) {
        StringBuilder name = new StringBuilder();
        for (String part : groupId.toLowerCase(Locale.ROOT).split("\\.")) {
            String identifier = NOT_PART.matcher(part).replaceAll("_");
            if (identifier.isEmpty()) {
                continue;
            }
            if (Character.isDigit(identifier.charAt(0)) || KEYWORDS.contains(identifier)) {
                identifier = "_" + identifier;
            }
            name.append(name.isEmpty() ? "" : ".").append(identifier);
        }
        return name.isEmpty() ? "hive" : name.toString();
    }
}
