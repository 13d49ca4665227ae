package dev.hive.cli.init;

import java.util.List;

/**
 * The {@code hive} profile {@code hive init} adds to a POM: the test API's BOM imported in the version the CLI builds
 * runners with ({@code hive.version}), the runner API in test scope, and {@code src/hive/java} (with {@code
 * src/hive/resources}) as test sources, so an IDE and {@code mvn -Phive test-compile} compile the hive tests.
 *
 * @param version the test API's version: the runner template's version of this CLI
 * @param buildHelperVersion the build-helper-maven-plugin version that adds the test sources
 */
public record HiveProfile(String version, String buildHelperVersion) {

    /** The profile's id. */
    public static final String ID = "hive";

    /** The property that holds the test API's version. */
    public static final String VERSION_PROPERTY = "hive.version";

    /** The profile's lines, indented by one {@code unit} per level below the profile element itself. */
    List<String> lines(String unit) {
        String text =
                """
                <profile>
                  <!-- Written by hive init: hive tests (src/hive/java) compile in the IDE and with mvn -Phive test-compile -->
                  <id>hive</id>
                  <properties>
                    <hive.version>%s</hive.version>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>dev.hive</groupId>
                        <artifactId>hive-bom</artifactId>
                        <version>${hive.version}</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency>
                      <groupId>dev.hive</groupId>
                      <artifactId>hive-runner-api</artifactId>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.codehaus.mojo</groupId>
                        <artifactId>build-helper-maven-plugin</artifactId>
                        <version>%s</version>
                        <executions>
                          <execution>
                            <id>hive-tests</id>
                            <phase>generate-test-sources</phase>
                            <goals>
                              <goal>add-test-source</goal>
                            </goals>
                            <configuration>
                              <sources>
                                <source>src/hive/java</source>
                              </sources>
                            </configuration>
                          </execution>
                          <execution>
                            <id>hive-test-resources</id>
                            <phase>generate-test-resources</phase>
                            <goals>
                              <goal>add-test-resource</goal>
                            </goals>
                            <configuration>
                              <resources>
                                <resource>
                                  <directory>src/hive/resources</directory>
                                </resource>
                              </resources>
                            </configuration>
                          </execution>
                        </executions>
                      </plugin>
                    </plugins>
                  </build>
                </profile>
                """
                        .formatted(version, buildHelperVersion);
        return text.lines().map(line -> reindent(line, unit)).toList();
    }

    /** The line with its two-space indentation levels replaced by {@code unit}. */
    private static String reindent(String line, String unit) {
        int spaces = 0;
        while (spaces < line.length() && line.charAt(spaces) == ' ') {
            spaces++;
        }
        int levels = spaces / 2;
        return unit.repeat(levels) + " ".repeat(spaces % 2) + line.substring(spaces);
    }
}
