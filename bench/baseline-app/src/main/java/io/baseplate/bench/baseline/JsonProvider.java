package io.baseplate.bench.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Consumer;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NoContentException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.jakarta.rs.cfg.JakartaRSFeature;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;

/** The platform's JSON provider, strict mapper included (platform/rest JsonProvider). */
@Produces({"application/json", "application/problem+json"})
@Consumes({"application/json", "application/problem+json"})
public class JsonProvider extends JacksonJsonProvider {

    static final String BODY_REQUIRED = "A JSON request body is required";

    public JsonProvider() {
        super(strictMapper());
        disable(JakartaRSFeature.ALLOW_EMPTY_INPUT);
    }

    static ObjectMapper strictMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
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
            throw Problems.ProblemException.badRequest(BODY_REQUIRED);
        } catch (JacksonException e) {
            WebApplicationException streamProblem = Problems.causeOfType(e, WebApplicationException.class);
            if (streamProblem != null) {
                throw streamProblem;
            }
            throw e;
        }
        if (body == null) {
            throw Problems.ProblemException.badRequest(BODY_REQUIRED);
        }
        return body;
    }
}
