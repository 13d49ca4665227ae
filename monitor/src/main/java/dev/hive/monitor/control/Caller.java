package dev.hive.monitor.control;

import java.util.Objects;

/**
 * Who asks for an operation.
 *
 * @param name the API token's or the user's name, kept with the operation
 * @param admin whether the caller is an admin (a user with the ADMIN role, or an API token named in {@code
 *     auth.adminTokens})
 * @param holder how a lease names the caller as its holder ({@code token:<name>} or {@code user:<name>})
 */
public record Caller(String name, boolean admin, String holder) {
    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
    }

    /** An API token, named as a lease names its holder. */
    public static Caller token(String tokenName, boolean admin) {
        return new Caller(tokenName, admin, "token:" + tokenName);
    }

    /** A web user, named as a lease names its holder. */
    public static Caller user(String userName, boolean admin) {
        return new Caller(userName, admin, "user:" + userName);
    }
}
