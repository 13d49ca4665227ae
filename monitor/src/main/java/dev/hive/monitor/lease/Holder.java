package dev.hive.monitor.lease;

import java.util.Objects;
import java.util.Optional;

/**
 * Who asks for something about a lease: an API token (by name) or a web user.
 *
 * @param name what the lease records as its holder, e.g. {@code token:ci} or {@code user:alice}
 * @param tokenId the API token's id, empty for a web user
 * @param admin whether the caller may end anyone's lease
 */
public record Holder(String name, Optional<Long> tokenId, boolean admin) {

    public Holder {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenId, "tokenId");
    }

    public static Holder token(long id, String tokenName) {
        return new Holder("token:" + tokenName, Optional.of(id), false);
    }

    public static Holder user(String userName, boolean admin) {
        return new Holder("user:" + userName, Optional.empty(), admin);
    }
}
