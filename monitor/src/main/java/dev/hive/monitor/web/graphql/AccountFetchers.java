package dev.hive.monitor.web.graphql;

import dev.hive.monitor.auth.ApiToken;
import dev.hive.monitor.auth.Role;
import dev.hive.monitor.auth.Session;
import dev.hive.monitor.auth.User;
import dev.hive.monitor.web.Executors;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** Logging in and out, the own password, users (admin) and API tokens. */
final class AccountFetchers {

    static final int MIN_PASSWORD = 8;
    private static final Pattern USER_NAME = Pattern.compile("[^\\s\\p{Cntrl}]{1,64}");

    record UserNode(String id, String name, Role role, Instant createdAt) {
        static UserNode of(User u) {
            return new UserNode(Long.toString(u.id()), u.name(), u.role(), u.createdAt());
        }
    }

    record ApiTokenNode(
            String id,
            String name,
            String description,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            boolean revoked) {
        static ApiTokenNode of(ApiToken t) {
            return new ApiTokenNode(
                    Long.toString(t.id()),
                    t.name(),
                    t.description(),
                    t.createdAt(),
                    t.expiresAt().orElse(null),
                    t.lastUsedAt().orElse(null),
                    t.revoked());
        }
    }

    record CreatedApiTokenNode(ApiTokenNode token, String secret) {}

    private final GraphQLDependencies deps;
    private final Executors executors;

    AccountFetchers(GraphQLDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("User", UserNode.class)
                .node("ApiToken", ApiTokenNode.class)
                .node("CreatedApiToken", CreatedApiTokenNode.class);
        w.query(
                "me",
                Guard.USER,
                env -> read(() -> deps.users()
                        .findById(Guard.session(env).userId())
                        .map(UserNode::of)
                        .orElse(null)));
        w.mutation("login", Guard.OPEN, this::login);
        w.mutation("logout", Guard.USER, this::logout);
        w.mutation("changePassword", Guard.USER, this::changePassword);
        w.query(
                "users",
                Guard.ADMIN,
                env -> read(() -> deps.users().list().stream().map(UserNode::of).toList()));
        w.mutation("createUser", Guard.ADMIN, this::createUser);
        w.mutation("modifyUser", Guard.ADMIN, this::modifyUser);
        w.mutation("deleteUser", Guard.ADMIN, this::deleteUser);
        w.query(
                "apiTokens",
                Guard.USER,
                env -> read(() ->
                        deps.tokens().list().stream().map(ApiTokenNode::of).toList()));
        w.mutation("createApiToken", Guard.USER, this::createApiToken);
        w.mutation("revokeApiToken", Guard.USER, this::revokeApiToken);
    }

    private CompletableFuture<UserNode> login(DataFetchingEnvironment env) {
        Viewer viewer = Guard.viewer(env);
        String name = env.getArgument("name");
        String password = env.getArgument("password");
        deps.throttle().refusal(name, viewer.address()).ifPresent(wait -> {
            throw new GraphQLRefusal(
                    GraphQLRefusal.Code.TOO_MANY_REQUESTS,
                    "too many failed logins for this account or from this address; try again in "
                            + Math.max(1, wait.toSeconds()) + " s");
        });
        return read(() -> deps.users().authenticate(name, password)).thenCompose(user -> {
            if (user.isEmpty()) {
                deps.throttle().failed(name, viewer.address());
                throw new GraphQLRefusal(GraphQLRefusal.Code.UNAUTHENTICATED, "wrong user name or password");
            }
            deps.throttle().succeeded(name, viewer.address());
            return write(() -> {
                        viewer.sessionId().ifPresent(deps.sessions()::delete);
                        return deps.sessions().create(user.get().id(), deps.sessionLifetime());
                    })
                    .thenApply(sessionId -> {
                        viewer.cookies().started(sessionId);
                        return UserNode.of(user.get());
                    });
        });
    }

    private CompletableFuture<Boolean> logout(DataFetchingEnvironment env) {
        Viewer viewer = Guard.viewer(env);
        return write(() -> viewer.sessionId().map(deps.sessions()::delete).orElse(false))
                .thenApply(deleted -> {
                    viewer.cookies().ended();
                    return true;
                });
    }

    private CompletableFuture<Boolean> changePassword(DataFetchingEnvironment env) {
        Viewer viewer = Guard.viewer(env);
        Session session = Guard.session(env);
        String oldPassword = env.getArgument("oldPassword");
        String newPassword = password(env.getArgument("newPassword"));
        return read(() -> deps.users().authenticate(session.userName(), oldPassword))
                .thenCompose(user -> {
                    if (user.isEmpty()) {
                        throw GraphQLRefusal.badInput("the old password is wrong");
                    }
                    // changing the password ends every session of the user; this browser gets a new one
                    return write(() -> {
                        deps.users().changePassword(session.userId(), newPassword);
                        return deps.sessions().create(session.userId(), deps.sessionLifetime());
                    });
                })
                .thenApply(sessionId -> {
                    viewer.cookies().started(sessionId);
                    return true;
                });
    }

    private CompletableFuture<UserNode> createUser(DataFetchingEnvironment env) {
        String name = userName(env.getArgument("name"));
        String password = password(env.getArgument("password"));
        Role role = role(env.getArgument("role"));
        return write(() -> UserNode.of(deps.users().create(name, password, role)));
    }

    private CompletableFuture<UserNode> modifyUser(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "user");
        Optional<String> name =
                Optional.ofNullable((String) env.getArgument("name")).map(AccountFetchers::userName);
        Optional<String> password =
                Optional.ofNullable((String) env.getArgument("password")).map(AccountFetchers::password);
        Optional<Role> role =
                Optional.ofNullable((String) env.getArgument("role")).map(AccountFetchers::role);
        return write(() -> {
            deps.users().findById(id).orElseThrow(() -> GraphQLRefusal.notFound("there is no user with id " + id));
            name.ifPresent(n -> deps.users().rename(id, n));
            password.ifPresent(p -> deps.users().changePassword(id, p));
            role.ifPresent(r -> deps.users().changeRole(id, r));
            return UserNode.of(deps.users().findById(id).orElseThrow());
        });
    }

    private CompletableFuture<Boolean> deleteUser(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "user");
        if (id == Guard.session(env).userId()) {
            throw GraphQLRefusal.badInput("you cannot delete yourself; another admin can");
        }
        return write(() -> {
            if (!deps.users().delete(id)) {
                throw GraphQLRefusal.notFound("there is no user with id " + id);
            }
            return true;
        });
    }

    private CompletableFuture<CreatedApiTokenNode> createApiToken(DataFetchingEnvironment env) {
        String name = env.getArgument("name");
        if (name == null || name.isBlank() || name.length() > 64) {
            throw GraphQLRefusal.badInput("a token name has 1 to 64 characters");
        }
        String description =
                Optional.ofNullable((String) env.getArgument("description")).orElse("");
        Optional<Instant> expiresAt = Optional.ofNullable(env.getArgument("expiresAt"));
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(deps.clock().instant())) {
            throw GraphQLRefusal.badInput("expiresAt must lie in the future, got " + expiresAt.get());
        }
        return write(() -> {
            var created = deps.tokens().create(name.strip(), description, expiresAt);
            return new CreatedApiTokenNode(ApiTokenNode.of(created.token()), created.plaintext());
        });
    }

    private CompletableFuture<ApiTokenNode> revokeApiToken(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "API token");
        return write(() -> {
            ApiToken token = deps.tokens()
                    .findById(id)
                    .orElseThrow(() -> GraphQLRefusal.notFound("there is no API token with id " + id));
            deps.tokens().revoke(token.name());
            return ApiTokenNode.of(deps.tokens().findById(id).orElseThrow());
        });
    }

    static String userName(String name) {
        if (name == null || !USER_NAME.matcher(name).matches()) {
            throw GraphQLRefusal.badInput("a user name has 1 to 64 characters and no spaces, got '" + name + "'");
        }
        return name;
    }

    static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw GraphQLRefusal.badInput("a password has at least " + MIN_PASSWORD + " characters");
        }
        return password;
    }

    private static Role role(String role) {
        return Role.valueOf(role.toUpperCase(Locale.ROOT));
    }

    private <T> CompletableFuture<T> read(java.util.concurrent.Callable<T> work) {
        return Async.of(executors.read(work));
    }

    private <T> CompletableFuture<T> write(java.util.concurrent.Callable<T> work) {
        return Async.of(executors.write(work));
    }
}
