package dev.hive.monitor.web.graphql;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fetcher's exception into a GraphQL error with a message for people and {@code extensions.code} for
 * the UI: refusals keep their code, invalid input is {@code BAD_USER_INPUT}, a conflict with the current
 * state {@code CONFLICT}; anything else is logged and answered {@code INTERNAL}.
 */
final class ErrorHandler implements DataFetcherExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
            DataFetcherExceptionHandlerParameters params) {
        Throwable e = unwrap(params.getException());
        GraphQLRefusal.Code code;
        String message;
        if (e instanceof GraphQLRefusal r) {
            code = r.code();
            message = r.getMessage();
        } else if (e instanceof IllegalArgumentException) {
            code = GraphQLRefusal.Code.BAD_USER_INPUT;
            message = e.getMessage();
        } else if (e instanceof IllegalStateException || e instanceof dev.hive.rack.backend.RackException) {
            code = GraphQLRefusal.Code.CONFLICT;
            message = e.getMessage();
        } else if (e instanceof NoSuchElementException) {
            code = GraphQLRefusal.Code.NOT_FOUND;
            message = e.getMessage();
        } else {
            LOG.error("GraphQL field {} failed", params.getPath(), e);
            code = GraphQLRefusal.Code.INTERNAL;
            message = "internal error: " + e;
        }
        var error = GraphqlErrorBuilder.newError()
                .message(message == null ? code.name() : message)
                .path(params.getPath())
                .location(params.getSourceLocation())
                .extensions(Map.of("code", code.name()))
                .build();
        return CompletableFuture.completedFuture(
                DataFetcherExceptionHandlerResult.newResult().error(error).build());
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
