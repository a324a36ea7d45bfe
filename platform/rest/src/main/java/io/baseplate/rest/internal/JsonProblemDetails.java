package io.baseplate.rest.internal;

import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Words a JSON reading failure for the caller, from the exception's type and the JSON path alone.
 * Jackson's own messages name Java types, library features and class names, so none of their text
 * is passed on.
 */
final class JsonProblemDetails {

    private static final int MAX_ECHOED_PATH = 100;

    private JsonProblemDetails() {
    }

    /** True when the failure is ours (a type Jackson cannot bind, a response it cannot write), not the caller's. */
    static boolean isServerFault(JsonProcessingException e) {
        return e instanceof InvalidDefinitionException || e.getProcessor() instanceof JsonGenerator;
    }

    /** A detail for a 400 problem, such as {@code Field 'amount' must be an integer}. */
    static String describe(JsonProcessingException e) {
        InputCoercionException outOfRange = ProblemMappers.causeOfType(e, InputCoercionException.class);
        if (outOfRange != null) {
            String path = bindingPath(e);
            return subject(path.isEmpty() ? parserPath(outOfRange) : path) + " is out of range";
        }
        // Failures of the parser itself, which the binding layer may have wrapped on their way out.
        if (ProblemMappers.causeOfType(e, StreamConstraintsException.class) != null) {
            return "The JSON body is nested too deeply or holds a value that is too long";
        }
        StreamReadException unreadable = ProblemMappers.causeOfType(e, StreamReadException.class);
        if (unreadable != null) {
            return describeUnreadable(unreadable);
        }
        if (e instanceof UnrecognizedPropertyException) {
            return "Unknown field " + quoted(bindingPath(e));
        }
        if (e instanceof MismatchedInputException mismatch) {
            return describeMismatch(mismatch);
        }
        return subject(bindingPath(e)) + " has an invalid value";
    }

    private static String describeUnreadable(StreamReadException e) {
        // The parser's duplicate check reports only through its message, worded so since it was added.
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '")) {
            return "Duplicate field " + quoted(parserPath(e));
        }
        if (e instanceof JsonEOFException) {
            return "Malformed JSON: the body ends too early" + at(e.getLocation());
        }
        return "Malformed JSON" + at(e.getLocation());
    }

    private static String describeMismatch(MismatchedInputException e) {
        // Trailing content after the top-level value is reported only through the message, as a mismatch.
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return "Unexpected content after the JSON value" + at(e.getLocation());
        }
        String subject = subject(bindingPath(e));
        if (e.getProcessor() instanceof JsonParser parser && parser.currentToken() == JsonToken.VALUE_NULL) {
            return subject + " must not be null";
        }
        if (e.getTargetType() == null) {
            return subject + " has a value of the wrong type";
        }
        return subject + " must be " + expected(e.getTargetType());
    }

    /** {@code Field 'a.b[0]'}, or {@code The request body} for the top level. */
    private static String subject(String path) {
        return path.isEmpty() ? "The request body" : "Field " + quoted(path);
    }

    /** The path in quotes; field names come from the caller, so a long one is cut short rather than echoed whole. */
    private static String quoted(String path) {
        return "'" + (path.length() > MAX_ECHOED_PATH ? path.substring(0, MAX_ECHOED_PATH) + "..." : path) + "'";
    }

    /** The path of the value being bound: fields joined with '.', array indexes as [n]; empty at the top level. */
    private static String bindingPath(JsonProcessingException e) {
        JsonMappingException mapping = ProblemMappers.causeOfType(e, JsonMappingException.class);
        StringBuilder path = new StringBuilder();
        if (mapping != null) {
            for (JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    appendField(path, step.getFieldName());
                } else if (step.getIndex() >= 0) {
                    path.append('[').append(step.getIndex()).append(']');
                }
            }
        }
        return path.toString();
    }

    /** The path at which the parser stopped, written like {@link #bindingPath}. */
    private static String parserPath(StreamReadException e) {
        if (e.getProcessor() == null) {
            return "";
        }
        Deque<String> steps = new ArrayDeque<>();
        for (JsonStreamContext step = e.getProcessor().getParsingContext(); step != null && !step.inRoot();
                step = step.getParent()) {
            if (step.inArray()) {
                steps.addFirst("[" + Math.max(step.getCurrentIndex(), 0) + "]");
            } else if (step.getCurrentName() != null) {
                steps.addFirst("." + step.getCurrentName());
            }
        }
        String path = String.join("", steps);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static void appendField(StringBuilder path, String field) {
        if (!path.isEmpty()) {
            path.append('.');
        }
        path.append(field);
    }

    private static String expected(Class<?> type) {
        if (type == String.class || type == CharSequence.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> "'" + ((Enum<?>) constant).name() + "'")
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (TemporalAccessor.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time string";
        }
        return "a JSON object";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
