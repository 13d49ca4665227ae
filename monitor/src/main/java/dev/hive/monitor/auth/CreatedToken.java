package dev.hive.monitor.auth;

/** A new token with its plaintext: shown to the user once and never stored. */
public record CreatedToken(ApiToken token, String plaintext) {
    @Override
    public String toString() {
        return "CreatedToken[" + token + ", plaintext=<hidden>]";
    }
}
