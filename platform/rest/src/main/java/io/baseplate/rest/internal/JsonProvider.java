package io.baseplate.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Consumer;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.jakarta.rs.cfg.JakartaRSFeature;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsMediaType;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import io.baseplate.api.rest.ProblemException;

/**
 * JSON for every application, including {@code application/problem+json}. Input is strict, so a
 * client's mistake is a 400 instead of a silently different value:
 * <ul>
 * <li>integer fields take only integer JSON numbers: no fractions (not even {@code 1.0}), no
 * exponent forms, no strings;</li>
 * <li>no coercion between strings, numbers and booleans in either direction;</li>
 * <li>duplicate keys, unknown fields and anything after the top-level value are rejected;</li>
 * <li>a body, and not {@code null}, is required wherever a resource declares an entity parameter.</li>
 * </ul>
 * Times are written as ISO-8601 strings.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JakartarsExtension
@JakartarsName("jackson")
@JakartarsMediaType({"application/json", "application/problem+json"})
@JakartarsApplicationSelect(AllApplications.SELECT)
public class JsonProvider extends JacksonJsonProvider {

    static final String BODY_REQUIRED = "A JSON request body is required";

    public JsonProvider() {
        super(strictMapper());
        disable(JakartaRSFeature.ALLOW_EMPTY_INPUT);
    }

    private static ObjectMapper strictMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("exact-enum-names").setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                                      BeanDescription description, JsonDeserializer<?> standard) {
                        return new ExactEnumDeserializer(type.getRawClass());
                    }
                }))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Integer, rejecting(CoercionInputShape.Float,
                        CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Float, rejecting(
                        CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, rejecting(CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.String, CoercionInputShape.EmptyString))
                .withCoercionConfig(LogicalType.Textual, rejecting(
                        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
                .build();
    }

    /**
     * An enum value by its exact name and nothing else. Jackson's own deserializer retries a name it does not
     * know trimmed, so {@code " STUDENT "} or {@code "STUDENT\u0000"} would silently become {@code STUDENT}.
     */
    private static final class ExactEnumDeserializer extends StdScalarDeserializer<Object> {

        private static final long serialVersionUID = 1L;

        ExactEnumDeserializer(Class<?> type) {
            super(type);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            String name = parser.getText();
            for (Object constant : handledType().getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            throw context.weirdStringException(name, handledType(), "not a value of this field");
        }
    }

    private static Consumer<MutableCoercionConfig> rejecting(CoercionInputShape... shapes) {
        return config -> {
            for (CoercionInputShape shape : shapes) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        };
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        Object body;
        try {
            body = super.readFrom(type, genericType, annotations, mediaType, httpHeaders, entityStream);
        } catch (NoContentException e) {
            throw ProblemException.badRequest(BODY_REQUIRED);
        } catch (JacksonException e) {
            // Jackson wraps what the body stream throws (size limit, deadline, aborted upload) in its own
            // exceptions; that problem, not a JSON one, is the answer.
            WebApplicationException streamProblem = ProblemMappers.causeOfType(e, WebApplicationException.class);
            if (streamProblem != null) {
                throw streamProblem;
            }
            throw e;
        }
        if (body == null) {
            throw ProblemException.badRequest(BODY_REQUIRED);
        }
        return body;
    }
}
