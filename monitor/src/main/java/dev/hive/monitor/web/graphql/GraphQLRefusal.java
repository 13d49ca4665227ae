package dev.hive.monitor.web.graphql;

/** A refusal with a message for the user and a code for the UI, as a GraphQL error's {@code extensions.code}. */
final class GraphQLRefusal extends RuntimeException {

    /** The {@code extensions.code} values. */
    enum Code {
        UNAUTHENTICATED,
        FORBIDDEN,
        BAD_USER_INPUT,
        NOT_FOUND,
        CONFLICT,
        TOO_MANY_REQUESTS,
        NOT_SUPPORTED,
        /** The rack could not do what was asked (a board that did not start, a build that failed). */
        RACK_FAILED,
        INTERNAL
    }

    private final Code code;

    GraphQLRefusal(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    Code code() {
        return code;
    }

    static GraphQLRefusal badInput(String message) {
        return new GraphQLRefusal(Code.BAD_USER_INPUT, message);
    }

    static GraphQLRefusal notFound(String message) {
        return new GraphQLRefusal(Code.NOT_FOUND, message);
    }
}
