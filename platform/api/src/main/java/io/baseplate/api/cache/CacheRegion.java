package io.baseplate.api.cache;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named, bounded map of loaded values that expire; obtained from {@link CacheService#region}. Safe for
 * concurrent use. A loader that returns null stores nothing, so an unknown key is looked up again next time.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@ProviderType
public interface CacheRegion<K, V> {

    /**
     * The cached value of {@code key}, loading it with {@code loader} when absent or expired. Concurrent
     * calls for one absent key load it once.
     *
     * @param key    the key; never null
     * @param loader computes the value; may return null, which is returned and not cached
     * @return the value, or null
     */
    V get(K key, Function<? super K, ? extends V> loader);

    /**
     * The cached value of {@code key}, without loading it.
     *
     * @param key the key
     * @return the value when one is cached and not expired
     */
    Optional<V> peek(K key);

    /**
     * Drops one entry.
     *
     * @param key the key
     */
    void invalidate(K key);

    /**
     * Drops every entry whose value matches, e.g. all the entries of one tenant.
     *
     * @param values selects the entries to drop
     */
    void invalidateAll(Predicate<? super V> values);

    /** Drops every entry. */
    void clear();
}
