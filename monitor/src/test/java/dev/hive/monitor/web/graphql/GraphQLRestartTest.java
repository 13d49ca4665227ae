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
        }
        try (GraphQLMonitor second = GraphQLMonitor.start(dir)) {
            Browser after = new Browser(second.base); // another port, the same cookies
            after.cookies.putAll(before.cookies);
            Browser.Answer me = after.post("{ me { name role } }");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().at("/data/me/name").asText()).isEqualTo("root");
            assertThat(me.body().at("/data/me/role").asText()).isEqualTo("ADMIN");
            // a session that was logged out is not brought back by the restart
            after.post("mutation { logout }");
            Browser stale = new Browser(second.base);
            stale.cookies.putAll(before.cookies);
            assertThat(stale.post("{ me { name } }").status()).isEqualTo(401);
        }
    }
}
