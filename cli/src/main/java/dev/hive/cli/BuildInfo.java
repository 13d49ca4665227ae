package dev.hive.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * What the CLI was built with: its version, the runner template it carries and the plugin versions it writes into
 * runner workspaces (from {@code build.properties} and {@code template.properties}, written at build time).
 *
 * @param version the CLI's version
 * @param templateVersion the version of the runner template artifacts inside the CLI ({@code template-repo/})
 * @param templateFiles the template repository's files, relative to {@code template-repo/}
 * @param shadePluginVersion the maven-shade-plugin version for runner workspaces
 * @param buildHelperPluginVersion the build-helper-maven-plugin version for runner workspaces
 * @param junitVersion the JUnit Jupiter version the runner drives
 * @param junitPlatformVersion the JUnit Platform version the runner drives
 */
public record BuildInfo(
        String version,
        String templateVersion,
        List<String> templateFiles,
        String shadePluginVersion,
        String buildHelperPluginVersion,
        String junitVersion,
        String junitPlatformVersion) {

    /** The build info on the class path. */
    public static BuildInfo load() {
        Properties build = read("build.properties");
        Properties template = read("template.properties");
        return new BuildInfo(
                build.getProperty("version"),
                template.getProperty("template.version"),
                List.of(template.getProperty("template.files").split(",")),
                build.getProperty("maven-shade-plugin.version"),
                build.getProperty("build-helper-maven-plugin.version"),
                build.getProperty("junit.version"),
                build.getProperty("junit-platform.version"));
    }

    private static Properties read(String name) {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the CLI was built without " + name);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
