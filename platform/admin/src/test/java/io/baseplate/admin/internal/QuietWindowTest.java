package io.baseplate.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class QuietWindowTest {

    private final QuietWindow window = new QuietWindow(100);

    @Test
    void aNameIsDueOnceItWasQuietForTheQuietTime() {
        window.touch("a.jar", 1_000);

        assertEquals(List.of(), window.takeDue(1_099));
        assertEquals(OptionalLong.of(1), window.nanosUntilNextDue(1_099));
        assertEquals(List.of("a.jar"), window.takeDue(1_100));
        assertTrue(window.isEmpty());
        assertEquals(OptionalLong.empty(), window.nanosUntilNextDue(1_100));
    }

    @Test
    void everyChangeRestartsTheQuietTime() {
        window.touch("slow.jar", 0);
        window.touch("slow.jar", 80);
        window.touch("slow.jar", 160);

        assertEquals(List.of(), window.takeDue(200));
        assertEquals(OptionalLong.of(60), window.nanosUntilNextDue(200));
        assertEquals(List.of("slow.jar"), window.takeDue(260));
    }

    @Test
    void namesAreDueIndependentlyOldestChangeFirst() {
        window.touch("b.jar", 0);
        window.touch("a.jar", 50);
        window.touch("c.jar", 500);

        assertEquals(OptionalLong.of(0), window.nanosUntilNextDue(120));
        assertEquals(List.of("b.jar", "a.jar"), window.takeDue(150));
        assertEquals(List.of("c.jar"), window.takeDue(600));
    }

    @Test
    void aZeroQuietTimeMakesEveryChangeDueAtOnce() {
        QuietWindow immediate = new QuietWindow(0);
        immediate.touch("a.jar", 5);
        assertEquals(OptionalLong.of(0), immediate.nanosUntilNextDue(5));
        assertEquals(List.of("a.jar"), immediate.takeDue(5));
    }

    @Test
    void aNegativeQuietTimeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new QuietWindow(-1));
    }
}
