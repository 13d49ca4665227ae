package dev.hive.cli.init;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells {@code hive test} when the candidate's POM declares another test API version than the one this CLI builds
 * runners with: the IDE would then compile the hive tests against an API the rack does not run.
 */
public final class ApiVersionCheck {

    private static final Pattern PROPERTY =
            Pattern.compile("<" + Pattern.quote(HiveProfile.VERSION_PROPERTY) + ">\\s*([^<\\s]+)\\s*</");
    private static final Pattern LITERAL = Pattern.compile(
            "<artifactId>\\s*hive-(?:runner-api|bom)\\s*</artifactId>\\s*<version>\\s*([^<$\\s]+)\\s*</version>");

    private ApiVersionCheck() {}

    /** The warning for {@code pom}, if it declares a test API version other than {@code templateVersion}. */
    public static Optional<String> warning(Path pom, String templateVersion) {
        String text;
        try {
            text = PomEdit.mask(Files.readString(pom, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
        Matcher m = PROPERTY.matcher(text);
        if (!m.find()) {
            m = LITERAL.matcher(text);
            if (!m.find()) {
                return Optional.empty();
            }
        }
        String declared = m.group(1);
        if (declared.equals(templateVersion)) {
            return Optional.empty();
        }
        return Optional.of("warning: " + pom + " declares the hive test API " + declared + ", but this hive builds"
                + " the runner with " + templateVersion + ": run `hive init` to update the hive profile (the IDE"
                + " compiles against the declared one)");
    }
}
