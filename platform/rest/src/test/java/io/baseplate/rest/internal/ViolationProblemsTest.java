package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemTypes;

class ViolationProblemsTest {

    private static final ValidatorFactory FACTORY = BeanValidation.configuration().buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    public record Item(@NotBlank String sku, @Positive int quantity) {
    }

    public record Order(@NotNull @Positive Long amount, @Valid List<Item> items, Map<String, @Size(max = 3) String> tags) {
    }

    /** A resource method's shape: a header, a query parameter and a body. */
    public static class Orders {
        public String create(@HeaderParam("Idempotency-Key") @NotBlank String key, @QueryParam("limit") @Positive int limit,
                             @Valid @NotNull Order body) {
            return "created";
        }

        public @NotNull String lookup() {
            return null;
        }
    }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void bodyFieldsAreNamedByTheirJsonPathWithoutJavaMethodOrArgumentNames() {
        Order order = new Order(0L, List.of(new Item("a", 1), new Item(" ", -2)), Map.of("colour", "purple"));

        Set<ConstraintViolation<Orders>> violations = validate("k", 10, order);

        assertEquals(Set.of("amount", "items[1].sku", "items[1].quantity", "tags[colour]"),
                violations.stream().map(ViolationProblems::fieldOf).collect(Collectors.toSet()));
        assertEquals("amount: must be greater than 0; items[1].quantity: must be greater than 0; "
                + "items[1].sku: must not be blank; tags[colour]: size must be between 0 and 3",
                ViolationProblems.describe(violations));
    }

    @Test
    void parametersOtherThanTheBodyAreNamedAsTheCallerSentThem() {
        Set<ConstraintViolation<Orders>> violations = validate(" ", 0, new Order(1L, List.of(), Map.of()));

        assertEquals("Idempotency-Key: must not be blank; limit: must be greater than 0",
                ViolationProblems.describe(violations));
    }

    @Test
    void aMissingBodyIsNamedBody() {
        assertEquals("body: must not be null", ViolationProblems.describe(validate("k", 1, null)));
    }

    @Test
    void theAnswerIsA400InvalidRequestProblem() {
        Response response = new ViolationProblems().toResponse(
                new ConstraintViolationException(validate("k", 1, new Order(null, null, null))));

        assertEquals(400, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(new Problem(ProblemTypes.INVALID_REQUEST, "Bad Request", 400, "amount: must not be null"),
                response.getEntity());
    }

    @Test
    void aLongListIsCutShort() {
        List<Item> items = IntStream.range(0, 50).mapToObj(i -> new Item("", 1)).toList();

        String detail = ViolationProblems.describe(validate("k", 1, new Order(1L, items, null)));

        assertEquals(ViolationProblems.MAX_LISTED, detail.split("; ").length - 1);
        assertTrue(detail.endsWith("; and 30 more"), detail);
    }

    @Test
    void aViolatedReturnValueIsTheServersFault() throws Exception {
        Method lookup = Orders.class.getMethod("lookup");
        Set<ConstraintViolation<Orders>> violations = VALIDATOR.forExecutables()
                .validateReturnValue(new Orders(), lookup, null);

        Response response = new ViolationProblems().toResponse(new ConstraintViolationException(violations));

        assertEquals(500, response.getStatus());
        assertEquals(ProblemTypes.SERVER_ERROR, ((Problem) response.getEntity()).type());
    }

    private static Set<ConstraintViolation<Orders>> validate(String key, int limit, Order body) {
        try {
            Method create = Orders.class.getMethod("create", String.class, int.class, Order.class);
            return VALIDATOR.forExecutables().validateParameters(new Orders(), create, new Object[] {key, limit, body});
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
