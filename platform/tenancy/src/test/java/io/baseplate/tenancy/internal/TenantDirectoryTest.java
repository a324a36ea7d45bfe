package io.baseplate.tenancy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.baseplate.api.cache.CacheRegion;
import io.baseplate.api.cache.CacheService;
import io.baseplate.api.domain.DomainException;
import io.baseplate.api.event.TenantEvents;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.persistence.TenantData;
import io.baseplate.api.security.ApiKeyAuthenticator.Accepted;
import io.baseplate.api.security.ApiKeyAuthenticator.Outcome;
import io.baseplate.api.security.ApiKeyAuthenticator.Refused;
import io.baseplate.api.security.Role;
import io.baseplate.core.testing.TestDatabase;

/** The directory over the module's migrations on H2, with a cache that never expires: only invalidation can make changes visible. */
class TenantDirectoryTest {

    private static final String ADMIN_KEY = "bpa_unit_test_admin_key_0123456789abcdef";

    @TempDir
    Path data;

    private TestDatabase database;
    private Persistence persistence;
    private final MapCache caches = new MapCache();
    private final List<String> erased = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<TenantDirectory> directories = new ArrayList<>();

    @BeforeEach
    void migrate() throws Exception {
        database = TestDatabase.inMemory();
        persistence = database.persistence(TenantEntity.class, ApiKeyEntity.class, UserEntity.class);
    }

    @AfterEach
    void close() {
        directories.forEach(TenantDirectory::deactivate);
        database.close();
    }

    private TenantDirectory directory(String adminKey, Map<String, Object> config) {
        TenantDirectory directory = new TenantDirectory(persistence, caches, tenantData(), eventAdmin(),
                context(adminKey), config(config));
        directories.add(directory);
        return directory;
    }

    private TenantDirectory directory() {
        return directory(ADMIN_KEY, Map.of());
    }

    @Test
    void aConfiguredAdminKeyIsAcceptedAndAShortOneRefusesToActivate() {
        Accepted admin = assertInstanceOf(Accepted.class, directory().authenticate(ADMIN_KEY));
        assertTrue(admin.caller().isAdmin());
        assertInstanceOf(Refused.class, directory().authenticate(ADMIN_KEY + "x"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> directory("bpa_idle_measure", Map.of()));
        assertTrue(refused.getMessage().contains("at least 32"), refused.getMessage());
    }

    @Test
    void aGeneratedAdminKeyGoesToTheDataDirectoryOnlyOnceAndNeverToTheLog() throws Exception {
        // slf4j-simple writes to whatever System.err is at the time of each line.
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TenantDirectory directory;
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            directory = directory(null, Map.of());
        } finally {
            System.setErr(stderr);
        }
        Path file = data.resolve("initial-admin-key");
        String key = Files.readString(file).strip();
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains(file.toString()), "the log names the file: " + logged);
        assertFalse(logged.contains(key.substring(13)), "the log never holds the key's secret: " + logged);
        assertTrue(key.startsWith("bpa_"), key);
        assertTrue(assertInstanceOf(Accepted.class, directory.authenticate(key)).caller().isAdmin());
        Files.delete(file);
        directory(null, Map.of());
        assertFalse(Files.exists(file), "an admin key exists: none is generated again");
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceThoughItsLookupWasCached() {
        TenantDirectory directory = directory();
        String tenant = directory.createTenant("acme").id();
        TenantDirectory.IssuedKey key = directory.issueKey(tenant, null).orElseThrow();
        Accepted accepted = assertInstanceOf(Accepted.class, directory.authenticate(key.key()));
        assertEquals(EnumSet.of(Role.TENANT_ADMIN), accepted.caller().roles());
        assertEquals(1, caches.size(), "the lookup is cached");

        directory.revokeKey(tenant, key.id());
        assertEquals(new Refused(401, "API key revoked", key.prefix(), tenant), directory.authenticate(key.key()));
        assertEquals(Optional.empty(), directory.listKeys("other").stream().findAny());
        assertThrows(DomainException.class, () -> directory.revokeKey("other", key.id()), "another tenant's key is unknown");
    }

    @Test
    void aSuspendedTenantsKeysAreForbiddenUntilItIsReactivated() {
        TenantDirectory directory = directory();
        String tenant = directory.createTenant("acme").id();
        String key = directory.issueKey(tenant, null).orElseThrow().key();
        assertInstanceOf(Accepted.class, directory.authenticate(key));

        directory.suspend(tenant);
        Outcome suspended = directory.authenticate(key);
        assertEquals(403, assertInstanceOf(Refused.class, suspended).status());
        assertEquals("Tenant 'acme' is suspended", ((Refused) suspended).detail());
        assertEquals(TenantEvents.SUSPENDED, events.get(events.size() - 1).getTopic());

        directory.reactivate(tenant);
        assertInstanceOf(Accepted.class, directory.authenticate(key));
    }

    @Test
    void aRotatedKeyWorksForTheGracePeriodThenExpires() throws Exception {
        TenantDirectory directory = directory(ADMIN_KEY, Map.of("rotationGraceSeconds", 1L));
        String tenant = directory.createTenant("acme").id();
        TenantDirectory.IssuedKey old = directory.createKey(tenant, "ci", EnumSet.of(Role.OPERATOR), null, null);
        TenantDirectory.IssuedKey replacement = directory.rotateKey(tenant, old.id());

        assertEquals(old.id(), replacement.rotatedFrom());
        assertEquals(EnumSet.of(Role.OPERATOR), replacement.roles());
        assertNull(replacement.expiresAt(), "the replacement keeps the old key's (absent) expiry");
        assertInstanceOf(Accepted.class, directory.authenticate(replacement.key()));
        assertInstanceOf(Accepted.class, directory.authenticate(old.key()), "within the grace period");
        Instant graceEnd = directory.findKey(tenant, old.id()).orElseThrow().expiresAt();
        while (!Instant.now().isAfter(graceEnd)) {
            Thread.sleep(50);
        }
        assertEquals(new Refused(401, "API key expired", old.prefix(), tenant), directory.authenticate(old.key()));
        assertInstanceOf(Accepted.class, directory.authenticate(replacement.key()));
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        TenantDirectory directory = directory();
        String tenant = directory.createTenant("acme").id();
        TenantDirectory.IssuedKey key = directory.createKey(tenant, "short", EnumSet.of(Role.OPERATOR), null,
                Instant.now().plusMillis(300));
        assertInstanceOf(Accepted.class, directory.authenticate(key.key()));
        Thread.sleep(400);
        assertEquals(401, assertInstanceOf(Refused.class, directory.authenticate(key.key())).status());
    }

    @Test
    void usersKeysHoldOnlyTheirRolesAndDieWithThem() {
        TenantDirectory directory = directory();
        String tenant = directory.createTenant("acme").id();
        TenantDirectory.User tutor = directory.createUser(tenant, "tina@example.com", EnumSet.of(Role.TUTOR));
        assertThrows(DomainException.class, () -> directory.createUser(tenant, "eve", EnumSet.of(Role.PLATFORM_ADMIN)));
        assertThrows(DomainException.class,
                () -> directory.createKey(tenant, "too much", EnumSet.of(Role.TENANT_ADMIN), tutor.id(), null));
        TenantDirectory.IssuedKey key = directory.createKey(tenant, "laptop", EnumSet.of(Role.TUTOR), tutor.id(), null);
        Accepted accepted = assertInstanceOf(Accepted.class, directory.authenticate(key.key()));
        assertEquals(tutor.id(), accepted.caller().userId());

        String other = directory.createTenant("globex").id();
        assertEquals(Optional.empty(), directory.findUser(other, tutor.id()));
        directory.deleteUser(tenant, tutor.id());
        assertEquals(new Refused(401, "API key revoked", key.prefix(), tenant), directory.authenticate(key.key()));
    }

    @Test
    void deletingNeedsTheTenantsNameThenErasesItsDataAndKeys() {
        TenantDirectory directory = directory();
        String tenant = directory.createTenant("acme").id();
        String key = directory.issueKey(tenant, null).orElseThrow().key();
        assertInstanceOf(Accepted.class, directory.authenticate(key));

        assertThrows(DomainException.class, () -> directory.delete(tenant, tenant));
        assertInstanceOf(Accepted.class, directory.authenticate(key));
        directory.delete(tenant, "acme");
        assertEquals(List.of(tenant), erased);
        assertEquals(Optional.empty(), directory.find(tenant));
        assertEquals(new Refused(401, "Unknown API key", ApiKeys.prefixOf(key), null), directory.authenticate(key));
        assertEquals(TenantEvents.DELETED, events.get(events.size() - 1).getTopic());
    }

    @Test
    void lastUseIsWrittenByTheFlusherNotByTheRequest() throws Exception {
        TenantDirectory directory = directory();
        String tenant = directory.createTenant("acme").id();
        TenantDirectory.IssuedKey key = directory.issueKey(tenant, null).orElseThrow();
        directory.authenticate(key.key());
        assertNull(directory.findKey(tenant, key.id()).orElseThrow().lastUsedAt(), "not on the request path");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (directory.findKey(tenant, key.id()).orElseThrow().lastUsedAt() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(directory.findKey(tenant, key.id()).orElseThrow().lastUsedAt() != null);
    }

    // ------------------------------------------------------------ fakes

    private TenantData tenantData() {
        return tenantId -> {
            erased.add(tenantId);
            return Map.of();
        };
    }

    private EventAdmin eventAdmin() {
        return new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                events.add(event);
            }
        };
    }

    private BundleContext context(String adminKey) {
        Map<String, String> properties = new HashMap<>();
        properties.put(TenantDirectory.DATA_DIR_PROPERTY, data.toString());
        if (adminKey != null) {
            properties.put(TenantDirectory.ADMIN_KEY_PROPERTY, adminKey);
        }
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getDataFile" -> new File(data.toFile(), (String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static TenantDirectory.Config config(Map<String, Object> values) {
        return (TenantDirectory.Config) Proxy.newProxyInstance(TenantDirectory.Config.class.getClassLoader(),
                new Class<?>[] {TenantDirectory.Config.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
    }

    /** Regions that keep entries until invalidated. */
    private static final class MapCache implements CacheService {

        private final Map<String, Region<?, ?>> regions = new ConcurrentHashMap<>();

        int size() {
            return regions.values().stream().mapToInt(region -> region.entries.size()).sum();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> CacheRegion<K, V> region(String name, Duration ttl, long maxEntries) {
            return (CacheRegion<K, V>) regions.computeIfAbsent(name, n -> new Region<>());
        }

        @Override
        public void dropRegion(String name) {
            regions.remove(name);
        }

        private static final class Region<K, V> implements CacheRegion<K, V> {

            private final Map<K, V> entries = new ConcurrentHashMap<>();

            @Override
            public V get(K key, Function<? super K, ? extends V> loader) {
                V value = entries.get(key);
                if (value == null) {
                    value = loader.apply(key);
                    if (value != null) {
                        entries.put(key, value);
                    }
                }
                return value;
            }

            @Override
            public Optional<V> peek(K key) {
                return Optional.ofNullable(entries.get(key));
            }

            @Override
            public void invalidate(K key) {
                entries.remove(key);
            }

            @Override
            public void invalidateAll(Predicate<? super V> values) {
                entries.values().removeIf(values);
            }

            @Override
            public void clear() {
                entries.clear();
            }
        }
    }
}
