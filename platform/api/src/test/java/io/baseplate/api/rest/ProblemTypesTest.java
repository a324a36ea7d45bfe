package io.baseplate.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ProblemTypesTest {

    @Test
    void eachStatusWithATypeOfItsOwnGetsIt() {
        Map<Integer, String> expected = Map.ofEntries(
                Map.entry(400, ProblemTypes.INVALID_REQUEST), Map.entry(401, ProblemTypes.UNAUTHENTICATED),
                Map.entry(403, ProblemTypes.FORBIDDEN), Map.entry(404, ProblemTypes.NOT_FOUND),
                Map.entry(405, ProblemTypes.METHOD_NOT_ALLOWED), Map.entry(406, ProblemTypes.NOT_ACCEPTABLE),
                Map.entry(409, ProblemTypes.CONFLICT), Map.entry(413, ProblemTypes.PAYLOAD_TOO_LARGE),
                Map.entry(415, ProblemTypes.UNSUPPORTED_MEDIA_TYPE), Map.entry(422, ProblemTypes.UNPROCESSABLE),
                Map.entry(429, ProblemTypes.RATE_LIMITED), Map.entry(500, ProblemTypes.SERVER_ERROR),
                Map.entry(503, ProblemTypes.UNAVAILABLE));
        expected.forEach((status, type) -> assertEquals(type, ProblemTypes.forStatus(status), "status " + status));
    }

    @Test
    void anyOtherStatusIsAboutBlank() {
        for (int status : new int[] {408, 411, 414, 426, 431, 501, 505, 418, 0, -1, 999}) {
            assertEquals(ProblemTypes.OTHER, ProblemTypes.forStatus(status), "status " + status);
        }
        assertEquals("about:blank", ProblemTypes.OTHER);
    }

    @Test
    void everyTypeIsADistinctAbsoluteUriAndAllButOneAreMappedFromAStatus() throws Exception {
        List<String> types = constants();
        assertEquals(types.size(), new HashSet<>(types).size(), "distinct: " + types);
        for (String type : types) {
            assertTrue(URI.create(type).isAbsolute(), type);
            assertTrue(type.equals(ProblemTypes.OTHER) || type.startsWith(ProblemTypes.BASE), type);
        }
        Set<String> fromStatus = IntStream.range(100, 600).mapToObj(ProblemTypes::forStatus).collect(Collectors.toSet());
        Set<String> specific = types.stream().filter(type -> !fromStatus.contains(type)).collect(Collectors.toSet());
        // A type for a case its status does not tell apart, set by whoever answers it.
        assertEquals(Set.of(ProblemTypes.TENANT_SUSPENDED), specific);
    }

    @Test
    void aProblemOfAStatusCarriesThatStatussType() {
        assertEquals(new Problem(ProblemTypes.NOT_FOUND, "Not Found", 404, "No payment with id 'x'"),
                Problem.of(404, "Not Found", "No payment with id 'x'"));
        assertEquals(ProblemTypes.OTHER, Problem.of(418, "I'm a teapot", "No").type());
    }

    private static List<String> constants() throws IllegalAccessException {
        List<String> types = new ArrayList<>();
        for (Field field : ProblemTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && !field.getName().equals("BASE")) {
                types.add((String) field.get(null));
            }
        }
        return types;
    }
}
