package dev.hive.protocol.listing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One line of a runner's listing; the {@code type} field names the record ({@code test} or {@code problem}). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ListedTest.class, name = "test"),
    @JsonSubTypes.Type(value = ListingProblem.class, name = "problem")
})
public sealed interface ListingLine permits ListedTest, ListingProblem {}
