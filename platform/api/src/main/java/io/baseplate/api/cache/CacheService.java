package io.baseplate.api.cache;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's cache, owned by the host: one service, many named regions. A component writes
 * {@code @Reference CacheService caches} and asks for its region once, at activation.
 *
 * <p>Entries are loaded lazily, on the first {@link CacheRegion#get} of a key, and expire
 * {@code ttl} after they were loaded, so with several nodes on one database a change made on another
 * node is seen after at most {@code ttl}. Changes made on this node should invalidate at once.
 */
@ProviderType
public interface CacheService {

    /**
     * The region of this name, created on the first call. Later calls with the same name return the same
     * region; their {@code ttl} and {@code maxEntries} are ignored.
     *
     * @param name       names the region, e.g. the owning bundle's symbolic name and a purpose ({@code "tenancy.keys"})
     * @param ttl        how long an entry lives after it was loaded; positive
     * @param maxEntries the most entries kept; beyond it the least recently used go first
     * @param <K>        the key type
     * @param <V>        the value type
     * @return the region
     */
    <K, V> CacheRegion<K, V> region(String name, Duration ttl, long maxEntries);

    /**
     * Drops a region and its entries, e.g. when the component that owns it deactivates.
     *
     * @param name the region's name; nothing happens when there is no such region
     */
    void dropRegion(String name);
}
