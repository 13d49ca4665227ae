package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which anonymous requests may reach the GraphQL engine: one operation of nothing but login. */
class OnlyLoginTest {

    private static String body(String query) {
        return new io.vertx.core.json.JsonObject().put("query", query).encode();
    }

    @Test
    void aLoginMutationIsLogin() {
        assertThat(GraphQLRoutes.onlyLogin(body("mutation { login(name: \"a\", password: \"b\") { id } }")))
                .isTrue();
        assertThat(GraphQLRoutes.onlyLogin(body(
                        "mutation L($n: String!, $p: String!) { login(name: $n, password: $p) { id __typename } }")))
                .isTrue();
    }

    @Test
    void anythingElseIsNot() {
        assertThat(GraphQLRoutes.onlyLogin(body("{ me { id } }"))).isFalse();
        assertThat(GraphQLRoutes.onlyLogin(body("query { login: me { id } }"))).isFalse();
        assertThat(GraphQLRoutes.onlyLogin(
                        body("mutation { login(name: \"a\", password: \"b\") { id } deleteUser(id: 1) }")))
                .isFalse();
        assertThat(GraphQLRoutes.onlyLogin(
                        body("mutation { login(name: \"a\", password: \"b\") { id } } query Q { users { id } }")))
                .isFalse();
        assertThat(GraphQLRoutes.onlyLogin("not json")).isFalse();
        assertThat(GraphQLRoutes.onlyLogin(body("mutation {"))).isFalse();
    }
}
