package io.baseplate.persistence.internal.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.baseplate.api.cache.CacheRegion;
import io.baseplate.api.cache.CacheService;

/**
 * The platform's one cache, over Caffeine: a bounded, expiring Caffeine cache per region. Lives in the
 * persistence bundle beside the pool, the other shared resource the host owns, so no further bundle
 * has to be provisioned and started for it.
 */
@Component(service = CacheService.class)
public class CaffeineCacheService implements CacheService {

    private final ConcurrentMap<String, Region<?, ?>> regions = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> CacheRegion<K, V> region(String name, Duration ttl, long maxEntries) {
        Objects.requireNonNull(name, "name");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        return (CacheRegion<K, V>) regions.computeIfAbsent(name, n -> new Region<>(
                Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build()));
    }

    @Override
    public void dropRegion(String name) {
        Region<?, ?> region = regions.remove(name);
        if (region != null) {
            region.clear();
        }
    }

    @Deactivate
    void deactivate() {
        regions.values().forEach(Region::clear);
        regions.clear();
    }

    private record Region<K, V>(Cache<K, V> cache) implements CacheRegion<K, V> {

        @Override
        public V get(K key, Function<? super K, ? extends V> loader) {
            return cache.get(key, loader);
        }

        @Override
        public Optional<V> peek(K key) {
            return Optional.ofNullable(cache.getIfPresent(key));
        }

        @Override
        public void invalidate(K key) {
            cache.invalidate(key);
        }

        @Override
        public void invalidateAll(Predicate<? super V> values) {
            cache.asMap().values().removeIf(values);
        }

        @Override
        public void clear() {
            cache.invalidateAll();
        }
    }
}
