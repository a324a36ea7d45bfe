package io.baseplate.tenancy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LastUsedRecorderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void aKeyIsWrittenAtMostOncePerInterval() {
        LastUsedRecorder recorder = new LastUsedRecorder(Duration.ofMinutes(1));
        List<Map<String, Instant>> writes = new ArrayList<>();
        for (int second = 0; second < 60; second++) {
            recorder.used("k1", T0.plusSeconds(second));
        }
        recorder.flush(writes::add);
        recorder.flush(writes::add);
        assertEquals(List.of(Map.of("k1", T0)), writes, "one write for a minute of requests, none for an empty flush");

        recorder.used("k1", T0.plusSeconds(60));
        recorder.used("k2", T0.plusSeconds(61));
        recorder.flush(writes::add);
        assertEquals(Map.of("k1", T0.plusSeconds(60), "k2", T0.plusSeconds(61)), writes.get(1));
    }

    @Test
    void aForgottenKeyIsNotWritten() {
        LastUsedRecorder recorder = new LastUsedRecorder(Duration.ofMinutes(1));
        recorder.used("k1", T0);
        recorder.forget("k1");
        List<Map<String, Instant>> writes = new ArrayList<>();
        recorder.flush(writes::add);
        assertTrue(writes.isEmpty());
    }
}
