package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /graphql over real HTTP against a whole monitor: sessions, cookies, CSRF, roles, plain data. */
class GraphQLHttpTest {

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir);
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private Browser loggedIn(String name) throws Exception {
        Browser browser = new Browser(monitor.base);
        assertThat(browser.login(name, GraphQLMonitor.PASSWORD).status()).isEqualTo(200);
        return browser;
    }

    @Test
    void anonymousRequestsAreRefusedWith401AndGetACsrfCookie() throws Exception {
        Browser browser = new Browser(monitor.base);
        Browser.Answer first = browser.post("{ me { name } }", Map.of(), null);
        assertThat(first.status()).isEqualTo(401);
        assertThat(first.body()
                        .get("errors")
                        .get(0)
                        .get("extensions")
                        .get("code")
                        .asText())
                .isEqualTo("UNAUTHENTICATED");
        assertThat(browser.setCookie("hive_csrf").toLowerCase())
                .contains("samesite=strict")
                .doesNotContain("httponly");
        // with the CSRF header, still no session: 401, and nothing ran
        Browser.Answer second = browser.post("mutation { deleteUser(id: 1) }");
        assertThat(second.status()).isEqualTo(401);
        assertThat(second.body().get("error").asText()).contains("not logged in");
    }

    @Test
    void loginSetsAnHttpOnlyStrictSessionCookieAndLogoutEndsIt() throws Exception {
        Browser browser = new Browser(monitor.base);
        Browser.Answer login = browser.login(GraphQLMonitor.ADMIN, GraphQLMonitor.PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().at("/data/login/name").asText()).isEqualTo("root");
        assertThat(login.body().at("/data/login/role").asText()).isEqualTo("ADMIN");
        String session = browser.setCookie("hive_session");
        // attribute names are case-insensitive (Netty writes HTTPOnly)
        assertThat(session.toLowerCase())
                .contains("; httponly")
                .contains("; samesite=strict")
                .contains("; path=/")
                .contains("; max-age=86400")
                .doesNotContain("secure");
        assertThat(browser.cookies).containsKeys("hive_session", "hive_csrf");

        assertThat(browser.post("{ me { name role } }")
                        .body()
                        .at("/data/me/name")
                        .asText())
                .isEqualTo("root");
        Browser.Answer logout = browser.post("mutation { logout }");
        assertThat(logout.body().at("/data/logout").asBoolean()).isTrue();
        assertThat(browser.setCookie("hive_session")).contains("Max-Age=0");
        assertThat(browser.cookies).doesNotContainKey("hive_session");
        assertThat(browser.post("{ me { name } }").status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordIsAGraphQLErrorAndSetsNoSession() throws Exception {
        Browser browser = new Browser(monitor.base);
        Browser.Answer wrong = browser.login("nobody-at-all", "wrong password");
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body().at("/errors/0/message").asText()).isEqualTo("wrong user name or password");
        assertThat(wrong.body().at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(browser.cookies).doesNotContainKey("hive_session");
    }

    @Test
    void aPostWithoutOrWithAWrongCsrfTokenIsRefusedWith403() throws Exception {
        Browser browser = loggedIn(GraphQLMonitor.ADMIN);
        Browser.Answer missing = browser.post("{ me { name } }", Map.of(), null);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body().get("error").asText()).contains("X-CSRF-Token");
        Browser.Answer wrong = browser.post("{ me { name } }", Map.of(), "not-the-cookie");
        assertThat(wrong.status()).isEqualTo(403);
        Browser.Answer mutation = browser.post(
                "mutation { createUser(name: \"csrf-victim\", password: \"long enough\", role: ADMIN) { id } }",
                Map.of(),
                null);
        assertThat(mutation.status()).isEqualTo(403);
        assertThat(browser.post("{ users { name } }").body().toString()).doesNotContain("csrf-victim");
        // once a client has the CSRF cookie, even login needs the header
        assertThat(browser.post(
                                "mutation { login(name: \"root\", password: \"" + GraphQLMonitor.PASSWORD
                                        + "\") { id } }",
                                Map.of(),
                                null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void onlyJsonPostsAreAccepted() throws Exception {
        Browser browser = loggedIn(GraphQLMonitor.ADMIN);
        Browser.Answer form = browser.send(HttpRequest.newBuilder(URI.create(monitor.base + "/graphql"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-CSRF-Token", browser.cookies.get("hive_csrf"))
                .POST(HttpRequest.BodyPublishers.ofString("query=%7B+me+%7B+name+%7D+%7D")));
        assertThat(form.status()).isEqualTo(415);
        Browser.Answer get =
                browser.send(HttpRequest.newBuilder(URI.create(monitor.base + "/graphql?query=%7Bme%7Bname%7D%7D"))
                        .GET());
        assertThat(get.status()).isEqualTo(405);
    }

    @Test
    void aMaintainerIsRefusedUserManagementOverHttp() throws Exception {
        Browser browser = loggedIn(GraphQLMonitor.MAINTAINER);
        Browser.Answer create =
                browser.post("mutation { createUser(name: \"eve\", password: \"long enough\", role: ADMIN) { id } }");
        assertThat(create.body().at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
        assertThat(create.body().at("/errors/0/message").asText()).contains("needs the ADMIN role");
        assertThat(create.body().at("/data").isNull()).isTrue();
        assertThat(browser.post("{ users { name } }")
                        .body()
                        .at("/errors/0/extensions/code")
                        .asText())
                .isEqualTo("FORBIDDEN");
        Browser admin = loggedIn(GraphQLMonitor.ADMIN);
        assertThat(admin.post("{ users { name } }").body().toString()).doesNotContain("\"eve\"");
    }

    @Test
    void aScriptTagInATestprogramNameComesBackAsPlainData() throws Exception {
        Browser browser = loggedIn(GraphQLMonitor.MAINTAINER);
        String name = "<script>alert('hive')</script>";
        Browser.Answer created = browser.post(
                "mutation($n: String!) { createTestprogram(name: $n) { id name builtIn active } }",
                Map.of("n", name),
                browser.cookies.get("hive_csrf"));
        assertThat(created.body().at("/data/createTestprogram/name").asText()).isEqualTo(name);
        JsonNode all = browser.post("{ testprograms { name } }").body().at("/data/testprograms");
        assertThat(all.findValuesAsText("name")).contains(name, "default");
    }

    @Test
    void aCompileErrorShowsTheCompilerOutputAndCannotBeActivated() throws Exception {
        Browser browser = loggedIn(GraphQLMonitor.MAINTAINER);
        String csrf = browser.cookies.get("hive_csrf");
        String id = browser.post("mutation { createTestprogram(name: \"broken\") { id } }", Map.of(), csrf)
                .body()
                .at("/data/createTestprogram/id")
                .asText();
        JsonNode sources = browser.post(
                        "query($id: ID!) { testprogram(id: $id) { sources { path content } } }", Map.of("id", id), csrf)
                .body()
                .at("/data/testprogram/sources");
        assertThat(sources.size()).isPositive();
        var edited = new java.util.ArrayList<Map<String, Object>>();
        for (JsonNode file : sources) {
            String content = file.get("content").asText();
            if (file.get("path").asText().endsWith(".c")) {
                content += "\nint hive_broken(void) { return undeclared_thing; }\n";
            }
            edited.add(Map.of("path", file.get("path").asText(), "content", content));
        }
        JsonNode updated = browser.post(
                        "mutation($id: ID!, $s: [SourceFileInput!]!) { updateTestprogramSources(id: $id, sources: $s) {"
                                + " latestBuild { status output uid createdAt } } }",
                        Map.of("id", id, "s", edited),
                        csrf)
                .body();
        assertThat(updated.at("/data/updateTestprogramSources/latestBuild/status")
                        .asText())
                .isEqualTo("COMPILE_FAILURE");
        assertThat(updated.at("/data/updateTestprogramSources/latestBuild/output")
                        .asText())
                .contains("undeclared_thing")
                .contains("error");
        JsonNode activate = browser.post(
                        "mutation($id: ID!) { activateTestprogram(id: $id) { active } }", Map.of("id", id), csrf)
                .body();
        assertThat(activate.at("/errors/0/extensions/code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(activate.at("/errors/0/message").asText()).contains("does not build");
        JsonNode builtin =
                browser.post("{ activeTestprogram { id name builtIn } }").body();
        assertThat(builtin.at("/data/activeTestprogram/name").asText()).isEqualTo("default");
        JsonNode editBuiltin = browser.post(
                        "mutation($id: ID!) { updateTestprogramSources(id: $id, sources: []) { id } }",
                        Map.of("id", builtin.at("/data/activeTestprogram/id").asText()),
                        csrf)
                .body();
        assertThat(editBuiltin.at("/errors/0/message").asText()).contains("cannot be edited");
    }
}
