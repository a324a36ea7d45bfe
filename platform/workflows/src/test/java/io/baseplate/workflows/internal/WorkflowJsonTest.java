package io.baseplate.workflows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.baseplate.api.domain.DomainException;

class WorkflowJsonTest {

    @Test
    void anAbsentBodyIsNoInput() {
        assertEquals(Map.of(), WorkflowJson.input(null));
        assertEquals(Map.of(), WorkflowJson.input("  "));
        assertEquals(Map.of("lat", 1.5, "n", 2), WorkflowJson.input("{\"lat\": 1.5, \"n\": 2}"));
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsA400() {
        for (String body : new String[] {"[1]", "\"x\"", "42", "null", "{\"a\":1} {}", "{\"a\":1,\"a\":2}", "{", "{'a':1}",
                "[".repeat(5000) + "]".repeat(5000), "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}"}) {
            String shown = body.length() > 40 ? body.substring(0, 40) + "…" : body;
            DomainException refused = assertThrows(DomainException.class, () -> WorkflowJson.input(body), shown);
            assertEquals(DomainException.Kind.INVALID, refused.kind(), shown);
        }
    }
}
