package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.persistence.internal.notes.Note;

/** The extender against hand-made bundles: what it registers, refuses and releases. */
@Timeout(30)
class PersistenceExtenderTest {

    private static final String NOTES = "io/baseplate/persistence/internal/notes/";

    @TempDir
    Path migrations;

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(10);
    private final BlockingQueue<Integer> stops = new ArrayBlockingQueue<>(10);
    private PersistenceExtender extender;

    /** One registerService call, and whether it was undone. */
    private static final class Registration {
        final List<String> classes;
        final Object service;
        final Dictionary<String, ?> properties;
        volatile boolean unregistered;

        Registration(List<String> classes, Object service, Dictionary<String, ?> properties) {
            this.classes = classes;
            this.service = service;
            this.properties = properties;
        }
    }

    @BeforeEach
    void activate() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        EventAdmin eventAdmin = proxy(EventAdmin.class, (method, args) -> events.add((Event) args[0]));
        extender = new PersistenceExtender(context(), database, eventAdmin);
    }

    @AfterEach
    void deactivate() {
        extender.deactivate();
    }

    @Test
    void migratesThenRegistersAServiceForTheBundleAlone() throws Exception {
        script("V1__notes.sql", "CREATE TABLE NOTES (ID VARCHAR(36) PRIMARY KEY, TENANT_ID VARCHAR(64) NOT NULL, "
                + "TEXT VARCHAR(100), CREATED_AT TIMESTAMP);\n"
                + "CREATE TABLE SETTINGS (NAME VARCHAR(64) PRIMARY KEY, SETTING_VALUE VARCHAR(100));\n");
        Bundle bundle = bundle(42, "io.example.notes", "entities=\"io.baseplate.persistence.internal.notes\"; migrations=db",
                List.of(NOTES + "Note.class", NOTES + "Setting.class"));

        PersistenceExtender.Unit unit = extender.addingBundle(bundle, null);

        Registration registration = registrationOf(Persistence.class);
        assertEquals("io.example.notes", registration.properties.get(PersistenceExtender.UNIT_PROPERTY));
        assertEquals(42L, registration.properties.get(PersistenceExtender.BUNDLE_ID_PROPERTY));
        Persistence persistence = (Persistence) registration.service;
        persistence.inTenant("t1", em -> {
            em.persist(new Note("n1", "hello", Persistence.now()));
            return null;
        });
        assertEquals("hello", persistence.inTenant("t1", em -> em.find(Note.class, "n1").text()));

        extender.removedBundle(bundle, null, unit);
        assertTrue(registration.unregistered);
        assertFalse(unit.factory().isOpen());
        assertTrue(events.isEmpty());
    }

    @Test
    void refusesAnEntityOfNoTenantAnnouncesItAndStopsTheBundle() throws Exception {
        Bundle bundle = bundle(43, "io.example.open", "entities=io.baseplate.persistence.internal",
                List.of("io/baseplate/persistence/internal/TenancyRuleTest$Unowned.class"));

        PersistenceExtender.Unit unit = extender.addingBundle(bundle, null);

        assertNull(unit.registration(), "still tracked, without a service");
        assertTrue(registrations.stream().noneMatch(r -> r.classes.contains(Persistence.class.getName())));
        Event event = events.poll(10, TimeUnit.SECONDS);
        assertEquals(PersistenceExtender.REFUSED_TOPIC, event.getTopic());
        assertEquals("io.example.open", event.getProperty("bundle.symbolicName"));
        assertEquals(new Version(1, 0, 0), event.getProperty("bundle.version"));
        assertEquals(43L, event.getProperty("bundle.id"));
        assertEquals("entity " + TenancyRuleTest.Unowned.class.getName() + " is neither @PlatformData nor tenant-owned "
                + "(@Multitenant with @TenantDiscriminatorColumn(contextProperty = \"baseplate.tenant-id\"))",
                event.getProperty("message"));
        assertEquals(Bundle.STOP_TRANSIENT, stops.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void refusesABundleWhoseAppliedScriptChanged() throws Exception {
        script("V1__notes.sql", "CREATE TABLE NOTES (ID VARCHAR(36));\n");
        Bundle bundle = bundle(44, "io.example.notes", "migrations=db", List.of());
        assertNull(extender.addingBundle(bundle, null).registration(), "migrations only: no service");
        assertTrue(events.isEmpty());

        script("V1__notes.sql", "CREATE TABLE NOTES (ID VARCHAR(40));\n");
        extender.addingBundle(bundle, null);

        String message = (String) events.poll(10, TimeUnit.SECONDS).getProperty("message");
        assertTrue(message.startsWith("migration V1__notes.sql of io.example.notes was changed after it was applied on "),
                message);
        assertEquals(Bundle.STOP_TRANSIENT, stops.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void hidesUnitsFromOtherBundlesWithHooksRegisteredFirst() {
        Registration hooks = registrations.get(0);
        assertEquals(List.of("org.osgi.framework.hooks.service.FindHook",
                "org.osgi.framework.hooks.service.EventListenerHook"), hooks.classes);
        assertSame(OwnerOnlyVisibility.class, hooks.service.getClass());
    }

    private void script(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private Registration registrationOf(Class<?> type) {
        return registrations.stream().filter(r -> r.classes.contains(type.getName())).findFirst().orElseThrow();
    }

    private Bundle bundle(long id, String symbolicName, String header, List<String> classes) {
        ClassLoader loader = getClass().getClassLoader();
        BundleWiring wiring = proxy(BundleWiring.class, (method, args) -> switch (method) {
            case "listResources" -> classes;
            case "getClassLoader" -> loader;
            default -> throw new UnsupportedOperationException(method);
        });
        return proxy(Bundle.class, (method, args) -> switch (method) {
            case "getHeaders" -> new Hashtable<>(Map.of(Persistence.HEADER, header));
            case "getSymbolicName" -> symbolicName;
            case "getVersion" -> new Version(1, 0, 0);
            case "getBundleId" -> id;
            case "getLastModified" -> 1L;
            case "getEntry" -> loader.getResource("");
            case "adapt" -> wiring;
            case "findEntries" -> "db".equals(args[0]) ? Collections.enumeration(sqlFiles()) : null;
            case "stop" -> stops.add((Integer) args[0]);
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private List<URL> sqlFiles() {
        List<URL> urls = new ArrayList<>();
        try (var files = Files.list(migrations)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                urls.add(file.toUri().toURL());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return urls;
    }

    private BundleContext context() {
        Bundle extenderBundle = proxy(Bundle.class, (method, args) -> switch (method) {
            case "getBundleId" -> 7L;
            default -> throw new UnsupportedOperationException(method);
        });
        return proxy(BundleContext.class, (method, args) -> switch (method) {
            case "getBundle" -> extenderBundle;
            case "getBundles" -> new Bundle[0];
            case "addBundleListener", "removeBundleListener" -> null;
            case "registerService" -> register(args);
            default -> throw new UnsupportedOperationException(method);
        });
    }

    @SuppressWarnings("unchecked")
    private ServiceRegistration<?> register(Object[] args) {
        List<String> classes = args[0] instanceof Class<?> type ? List.of(type.getName()) : List.of((String[]) args[0]);
        Registration registration = new Registration(classes, args[1], (Dictionary<String, ?>) args[2]);
        registrations.add(registration);
        return proxy(ServiceRegistration.class, (method, ignored) -> {
            if (!method.equals("unregister")) {
                throw new UnsupportedOperationException(method);
            }
            registration.unregistered = true;
            return null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> answer.answer(method.getName(), args);
                }));
    }
}
