package dev.hive.monitor.control;

import java.util.Objects;

/**
 * Who asks for an operation.
 *
 * @param name the API token's or the user's name, kept with the operation
 * @param admin whether the caller is an admin (a user with the ADMIN role, or an API token named in {@code
 *     auth.adminTokens})
 */
public record Caller(String name, boolean admin) {
    public Caller {
        Objects.requireNonNull(name, "name");
    }
}
