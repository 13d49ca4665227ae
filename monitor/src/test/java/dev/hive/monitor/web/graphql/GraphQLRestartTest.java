package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A logged-in browser stays logged in when the monitor restarts on the same data directory. */
class GraphQLRestartTest {

    @TempDir
    Path dir;

    @Test
    void theSessionCookieIsStillAcceptedByARestartedMonitor() throws Exception {
        Browser before;
        try (GraphQLMonitor first = GraphQLMonitor.start(dir)) {
            before = new Browser(first.base);
            assertThat(before.login(GraphQLMonitor.ADMIN, GraphQLMonitor.PASSWORD)
                            .status())
                    .isEqualTo(200);
            assertThat(before.post("{ me { name } }").body().at("/data/me/name").asText())
                    .isEqualTo("root");
            String id = before.post("mutation { createTestprogram(name: \"kept\") { id } }")
                    .body()
                    .at("/data/createTestprogram/id")
                    .asText();
            assertThat(before.post("mutation { activateTestprogram(id: " + id + ") { active } }")
                            .body()
                            .at("/data/activateTestprogram/active")
                            .asBoolean())
                    .isTrue();
        }
        try (GraphQLMonitor second = GraphQLMonitor.start(dir)) {
            Browser after = new Browser(second.base); // another port, the same cookies
            after.cookies.putAll(before.cookies);
            Browser.Answer me = after.post("{ me { name role } }");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().at("/data/me/name").asText()).isEqualTo("root");
            assertThat(me.body().at("/data/me/role").asText()).isEqualTo("ADMIN");
            // the active testprogram is built again at start and is what the task runner flashes
            assertThat(after.post("{ activeTestprogram { name } }")
                            .body()
                            .at("/data/activeTestprogram/name")
                            .asText())
                    .isEqualTo("kept");
            assertThat(second.monitor.graphQLDependencies().activeBuild().get().testprogram())
                    .isEqualTo("kept");
            // a session that was logged out is not brought back by the restart
            after.post("mutation { logout }");
            Browser stale = new Browser(second.base);
            stale.cookies.putAll(before.cookies);
            assertThat(stale.post("{ me { name } }").status()).isEqualTo(401);
        }
    }
}
