package io.baseplate.core.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PresentedKeyTest {

    @Test
    void readsEitherHeader() {
        assertEquals("bp_abc", PresentedKey.from(List.of(" bp_abc "), null).key());
        assertEquals("bp_abc", PresentedKey.from(null, List.of("Bearer bp_abc")).key());
        assertEquals("bp_abc", PresentedKey.from(List.of(), List.of("bearer   bp_abc")).key());
    }

    @Test
    void noHeaderIsNoKeyAndNotMalformed() {
        PresentedKey none = PresentedKey.from(List.of(), List.of());
        assertNull(none.key());
        assertFalse(none.isMalformed());
    }

    @Test
    void aKeyPresentedTwiceIsMalformedEvenWhenBothAgree() {
        assertTrue(PresentedKey.from(List.of("a", "a"), null).isMalformed());
        assertTrue(PresentedKey.from(List.of("a"), List.of("Bearer a")).isMalformed());
        assertTrue(PresentedKey.from(null, List.of("Bearer a", "Bearer b")).isMalformed());
    }

    @Test
    void otherSchemesAreMalformed() {
        assertTrue(PresentedKey.from(null, List.of("Basic dXNlcjpwYXNz")).isMalformed());
        assertTrue(PresentedKey.from(null, List.of("bp_key_without_scheme")).isMalformed());
    }

    @Test
    void anEmptyKeyIsNoKey() {
        for (PresentedKey empty : List.of(PresentedKey.from(null, List.of("Bearer ")), PresentedKey.from(List.of("  "), null))) {
            assertNull(empty.key());
            assertFalse(empty.isMalformed());
        }
    }
}
