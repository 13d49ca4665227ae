package dev.hive.monitor.web.graphql;

import dev.hive.monitor.auth.Role;
import dev.hive.monitor.auth.Session;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;

/** Who may resolve a field: anybody (only {@code login}), any logged-in user, or an admin. */
enum Guard {
    OPEN,
    USER,
    ADMIN;

    /** {@code fetcher}, run only after this guard let the viewer through. */
    DataFetcher<?> around(DataFetcher<?> fetcher) {
        return env -> {
            check(env);
            return fetcher.get(env);
        };
    }

    void check(DataFetchingEnvironment env) {
        if (this == OPEN) {
            return;
        }
        Session session = session(env);
        if (this == ADMIN && session.role() != Role.ADMIN) {
            throw new GraphQLRefusal(
                    GraphQLRefusal.Code.FORBIDDEN,
                    "'" + env.getField().getName() + "' needs the ADMIN role; user '" + session.userName() + "' is "
                            + session.role());
        }
    }

    static Viewer viewer(DataFetchingEnvironment env) {
        Viewer viewer = env.getGraphQlContext().get(Viewer.class);
        if (viewer == null) {
            throw new IllegalStateException("the GraphQL context carries no Viewer");
        }
        return viewer;
    }

    static Session session(DataFetchingEnvironment env) {
        return viewer(env)
                .session()
                .orElseThrow(() -> new GraphQLRefusal(
                        GraphQLRefusal.Code.UNAUTHENTICATED, "not logged in; log in first (mutation login)"));
    }
}
