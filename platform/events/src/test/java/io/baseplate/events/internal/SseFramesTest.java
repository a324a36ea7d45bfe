package io.baseplate.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SseFramesTest {

    @Test
    void anEventCarriesItsIdTopicAndJsonAndEndsWithABlankLine() {
        assertEquals("id: 42\nevent: baseplate/payment/CAPTURED\ndata: {\"a\":\"é\"}\n\n",
                new String(SseFrames.event(42L, "baseplate/payment/CAPTURED", "{\"a\":\"é\"}"), StandardCharsets.UTF_8));
    }

    @Test
    void anEventWithoutAPositionHasNoIdSoTheClientKeepsItsLastOne() {
        assertEquals("event: baseplate/tenant/CREATED\ndata: {}\n\n",
                new String(SseFrames.event(null, "baseplate/tenant/CREATED", "{}"), StandardCharsets.UTF_8));
    }

    @Test
    void theGreetingIsACommentAndTheReconnectDelay() {
        assertEquals(": hello there\nretry: 1000\n\n",
                new String(SseFrames.greeting("hello\nthere", 1000), StandardCharsets.UTF_8));
    }

    @Test
    void aHeartbeatIsACommentLine() {
        assertEquals(":\n", new String(SseFrames.HEARTBEAT, StandardCharsets.UTF_8));
    }
}
