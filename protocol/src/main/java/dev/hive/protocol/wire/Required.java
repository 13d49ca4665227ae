package dev.hive.protocol.wire;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that must be present and not null on the wire; for a list or a map, its elements
 * must not be null either. Jackson then fails with an {@code InvalidNullException} that names the field (for
 * a missing field as well as for an explicit {@code null}), instead of handing the record a {@code null} or,
 * for a primitive, a silent zero. Components without it may be absent, which reads as {@code null}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonSetter(nulls = Nulls.FAIL, contentNulls = Nulls.FAIL)
public @interface Required {}
