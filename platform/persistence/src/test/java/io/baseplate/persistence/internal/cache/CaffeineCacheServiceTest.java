package io.baseplate.persistence.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.baseplate.api.cache.CacheRegion;

class CaffeineCacheServiceTest {

    private final CaffeineCacheService caches = new CaffeineCacheService();

    @Test
    void valuesAreLoadedOnceAndNullIsNotCached() {
        CacheRegion<String, String> region = caches.region("test", Duration.ofMinutes(1), 10);
        AtomicInteger loads = new AtomicInteger();
        assertEquals("A", region.get("a", key -> {
            loads.incrementAndGet();
            return "A";
        }));
        assertEquals("A", region.get("a", key -> "other"));
        assertEquals(1, loads.get());
        assertNull(region.get("unknown", key -> null));
        assertEquals(Optional.empty(), region.peek("unknown"));
        assertSame(region, caches.region("test", Duration.ofSeconds(1), 1), "one region per name");
    }

    @Test
    void entriesAreInvalidatedByKeyAndByValue() {
        CacheRegion<String, String> region = caches.region("test", Duration.ofMinutes(1), 10);
        region.get("a", key -> "tenant1:a");
        region.get("b", key -> "tenant1:b");
        region.get("c", key -> "tenant2:c");
        region.invalidate("a");
        assertEquals(Optional.empty(), region.peek("a"));
        region.invalidateAll(value -> value.startsWith("tenant1:"));
        assertEquals(Optional.empty(), region.peek("b"));
        assertEquals(Optional.of("tenant2:c"), region.peek("c"));
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() throws Exception {
        CacheRegion<String, String> region = caches.region("short", Duration.ofMillis(100), 10);
        region.get("a", key -> "A");
        Thread.sleep(250);
        assertTrue(region.peek("a").isEmpty());
        assertEquals("B", region.get("a", key -> "B"));
    }
}
