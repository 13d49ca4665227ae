package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.MutableClock;
import dev.hive.monitor.task.RunnerLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole monitor configured with {@code auth.sessionLifetimeMinutes: 2}, on a clock the test moves: a login
 * lasts two minutes from the login, however often it is used, and the cookie says so.
 */
class SessionLifetimeTest {

    @TempDir
    static Path dir;

    static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static GraphQLMonitor monitor;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir, "auth:\n  sessionLifetimeMinutes: 2\n", RunnerLauncher.javaJar(), clock);
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void aLoginEndsAfterTheConfiguredLifetimeEvenWhileInUse() throws Exception {
        Browser browser = new Browser(monitor.base);
        assertThat(browser.login(GraphQLMonitor.MAINTAINER, GraphQLMonitor.PASSWORD)
                        .status())
                .isEqualTo(200);
        assertThat(browser.setCookie("hive_session").toLowerCase()).contains("; max-age=120");

        clock.advance(Duration.ofMinutes(1));
        assertThat(me(browser)).isEqualTo("maint");
        clock.advance(Duration.ofSeconds(59));
        assertThat(me(browser))
                .as("using the session a minute after the login did not extend it")
                .isEqualTo("maint");
        clock.advance(Duration.ofSeconds(1));
        Browser.Answer expired = browser.post("{ me { name } }");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body().at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");

        assertThat(browser.login(GraphQLMonitor.MAINTAINER, GraphQLMonitor.PASSWORD)
                        .status())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(me(browser)).as("a new login starts a new lifetime").isEqualTo("maint");
    }

    private static String me(Browser browser) throws Exception {
        Browser.Answer answer = browser.post("{ me { name } }");
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body().at("/data/me/name").asText();
    }
}
