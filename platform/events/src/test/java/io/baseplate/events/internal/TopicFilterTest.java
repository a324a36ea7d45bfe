package io.baseplate.events.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicFilterTest {

    @Test
    void noPatternMeansEveryTopic() {
        assertTrue(TopicFilter.of(null).matches("baseplate/payment/CAPTURED"));
        assertTrue(TopicFilter.of(new String[0]).matches("baseplate/tenant/CREATED"));
    }

    @Test
    void aTopicMatchesItselfAndAPrefixEverythingBelowIt() {
        TopicFilter filter = TopicFilter.of(new String[] {"baseplate/payment/CAPTURED", "baseplate/workflow/*"});
        assertTrue(filter.matches("baseplate/payment/CAPTURED"));
        assertFalse(filter.matches("baseplate/payment/PENDING"));
        assertFalse(filter.matches("baseplate/payment/CAPTURED/X"));
        assertTrue(filter.matches("baseplate/workflow/CONFIRMED"));
        assertTrue(filter.matches("baseplate/workflow/appointment/CONFIRMED"));
        assertFalse(filter.matches("baseplate/workflow"));
        assertFalse(filter.matches("baseplate/workflows/CONFIRMED"), "a prefix is whole segments");
        assertTrue(TopicFilter.of(new String[] {"baseplate/*"}).matches("baseplate/quiz/GRADED"));
    }

    @Test
    void badPatternsAreRefused() {
        for (String bad : new String[] {"", "*", "/*", "baseplate", "baseplate/", "baseplate/**", "baseplate/pay*",
                "baseplate/*/CAPTURED", "org/osgi/*", "baseplatex/*", "baseplate//X", "baseplate/payment/",
                "baseplate/pay ment", "baseplate/payment/CAPTURED\n", "baseplate/é", "baseplate/" + "x".repeat(200)}) {
            assertThrows(IllegalArgumentException.class, () -> TopicFilter.of(new String[] {bad}), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.of(new String[] {"baseplate/a", "nope"}));
        String[] tooMany = new String[TopicFilter.MAX_PATTERNS + 1];
        java.util.Arrays.fill(tooMany, "baseplate/*");
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.of(tooMany));
    }
}
