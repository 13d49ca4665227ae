package dev.hive.monitor.web.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** {@code DateTime}: an {@link Instant} in, ISO-8601 text out (e.g. {@code 2026-11-22T00:15:03.125Z}). */
final class DateTimeScalar implements Coercing<Instant, String> {

    static final GraphQLScalarType INSTANCE = GraphQLScalarType.newScalar()
            .name("DateTime")
            .description("An ISO-8601 instant")
            .coercing(new DateTimeScalar())
            .build();

    @Override
    public String serialize(Object value, GraphQLContext context, Locale locale) {
        if (value instanceof Instant i) {
            return i.toString();
        }
        throw new CoercingSerializeException("not an Instant: " + value);
    }

    @Override
    public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
        try {
            return parse(String.valueOf(input));
        } catch (DateTimeParseException e) {
            throw new CoercingParseValueException(message(input), e);
        }
    }

    @Override
    public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
        if (!(input instanceof StringValue s)) {
            throw new CoercingParseLiteralException("a DateTime is a string, e.g. \"2026-11-22T00:15:03Z\"");
        }
        try {
            return parse(s.getValue());
        } catch (DateTimeParseException e) {
            throw new CoercingParseLiteralException(message(s.getValue()), e);
        }
    }

    private static Instant parse(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    private static String message(Object input) {
        return "'" + input + "' is not an ISO-8601 date-time with an offset, e.g. 2026-11-22T00:15:03Z";
    }
}
