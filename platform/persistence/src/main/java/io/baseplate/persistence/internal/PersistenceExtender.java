package io.baseplate.persistence.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import jakarta.persistence.Converter;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.MappedSuperclass;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.persistence.TenantData;
import io.baseplate.core.persistence.EntityManagerFactories;
import io.baseplate.core.persistence.TransactionalPersistence;

/**
 * Gives every bundle with a {@value Persistence#HEADER} header its migrations and its own
 * {@link Persistence} service. While the bundle starts (synchronously, before its components can see
 * anything) the extender applies the bundle's scripts, checks its entities against {@link TenancyRule},
 * builds its EntityManagerFactory over the platform's pool and registers the service, visible to that
 * bundle only ({@link OwnerOnlyVisibility}). A bundle declaring migrations but no entities gets its
 * migrations and no service.
 *
 * <p>A bundle that fails any of this is refused: logged, announced on {@value #REFUSED_TOPIC}, and
 * stopped transiently, while the rest of the platform keeps running.
 *
 * <p>It is also the platform's {@link TenantData} eraser: it alone knows every unit's tenant-owned tables.
 *
 * <p>When the bundle stops, its service goes and its factory closes. Its tables and rows stay: uninstalling
 * a bundle keeps its data, and installing it again sees that data (and its migration history) again.
 */
@Component(service = TenantData.class, immediate = true)
public class PersistenceExtender implements BundleTrackerCustomizer<PersistenceExtender.Unit>, TenantData {

    /** Service property: the unit's name, which is its bundle's symbolic name. */
    static final String UNIT_PROPERTY = "baseplate.persistence.unit";
    /** Service property: the id of the bundle that owns, and alone sees, the service. */
    static final String BUNDLE_ID_PROPERTY = "baseplate.persistence.bundle.id";
    static final String REFUSED_TOPIC = "io/baseplate/persistence/REFUSED";

    private static final Logger LOG = LoggerFactory.getLogger(PersistenceExtender.class);

    /** A tracked bundle; both fields are null for a refused bundle or one with migrations only. */
    record Unit(String name, ServiceRegistration<Persistence> registration, EntityManagerFactory factory) {
    }

    private static final Unit WITHOUT_SERVICE = new Unit(null, null, null);

    private final BundleContext context;
    private final DataSource dataSource;
    private final EventAdmin eventAdmin;
    /** Stops refused bundles: never from inside the bundle event that is starting them. */
    private final ExecutorService stopper = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "baseplate-persistence-refusals");
        thread.setDaemon(true);
        return thread;
    });
    private final ServiceRegistration<?> visibility;
    private final BundleTracker<Unit> tracker;

    @Activate
    public PersistenceExtender(BundleContext context,
                               @Reference(target = "(" + Database.SERVICE_PROPERTY + "=" + Database.PLATFORM + ")")
                               DataSource dataSource,
                               @Reference EventAdmin eventAdmin) {
        this.context = context;
        this.dataSource = dataSource;
        this.eventAdmin = eventAdmin;
        // The hooks come first: no unit's service may be visible to other bundles for a moment.
        visibility = context.registerService(new String[] {FindHook.class.getName(), EventListenerHook.class.getName()},
                new OwnerOnlyVisibility(context.getBundle().getBundleId()), null);
        tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING, this);
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        visibility.unregister();
        stopper.shutdown();
    }

    @Override
    public Unit addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(Persistence.HEADER);
        if (header == null) {
            return null;
        }
        try {
            return start(bundle, PersistenceHeader.parse(header));
        } catch (Exception | LinkageError e) {
            refuse(bundle, e.getMessage() == null ? e.toString() : e.getMessage());
            // Still tracked, so the same start's later events do not try, and refuse, again.
            return WITHOUT_SERVICE;
        }
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Unit unit) {
        // STARTING to ACTIVE to STOPPING changes nothing for the unit.
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Unit unit) {
        if (unit.registration() != null) {
            try {
                unit.registration().unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregistered it already (the extender bundle is stopping).
            }
            unit.factory().close();
        }
    }

    private Unit start(Bundle bundle, PersistenceHeader header) throws Exception {
        String unit = bundle.getSymbolicName();
        new MigrationRunner(dataSource).migrate(unit, scripts(bundle, header.migrations()));
        if (header.entityPackages().isEmpty()) {
            return WITHOUT_SERVICE;
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        List<String> classes = managedClasses(wiring, header.entityPackages());
        ClassLoader loader = new UnitClassLoader(wiring.getClassLoader(), PersistenceExtender.class.getClassLoader());
        // EclipseLink caches sessions by name: a reinstalled or updated bundle must not get the old one.
        String session = unit + "#" + bundle.getBundleId() + "@" + bundle.getLastModified();
        EntityManagerFactory factory = EntityManagerFactories.create(session, dataSource, loader, classes);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(UNIT_PROPERTY, unit);
        properties.put(BUNDLE_ID_PROPERTY, bundle.getBundleId());
        try {
            return new Unit(unit, context.registerService(Persistence.class, new TransactionalPersistence(factory), properties), factory);
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
    }

    /**
     * Erases the tenant's rows from the tenant-owned tables of every unit whose bundle is active, in one
     * transaction on one connection of the pool.
     */
    @Override
    public Map<String, Integer> erase(String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        List<TenantTables.TenantTable> tables = new ArrayList<>();
        for (Unit unit : tracker.getTracked().values()) {
            if (unit.factory() != null && unit.factory().isOpen()) {
                tables.addAll(TenantTables.of(unit.name(), unit.factory()));
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Integer> deleted = TenantTables.erase(connection, tables, tenantId);
            LOG.info("Erased tenant {}: {} rows from {} tables", tenantId,
                    deleted.values().stream().mapToInt(Integer::intValue).sum(), tables.size());
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not erase the tenant's rows: " + e.getMessage(), e);
        }
    }

    private static List<MigrationRunner.Script> scripts(Bundle bundle, String folder) throws IOException {
        List<MigrationRunner.Script> scripts = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*.sql", false);
        while (entries != null && entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            String path = entry.getPath();
            try (InputStream in = entry.openStream()) {
                scripts.add(new MigrationRunner.Script(path.substring(path.lastIndexOf('/') + 1),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return scripts;
    }

    /** The entities, embeddables, mapped superclasses and converters in the declared packages. */
    private static List<String> managedClasses(BundleWiring wiring, List<String> packages) throws ClassNotFoundException {
        List<String> managed = new ArrayList<>();
        for (String pkg : packages) {
            boolean entities = false;
            // LOCAL: only the bundle's own classes, never entities of a package it imports from another module.
            for (String resource : wiring.listResources(pkg.replace('.', '/'), "*.class", BundleWiring.LISTRESOURCES_LOCAL)) {
                String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                Class<?> type = wiring.getClassLoader().loadClass(name);
                if (type.isAnnotationPresent(Entity.class)) {
                    TenancyRule.check(type);
                    entities = true;
                    managed.add(name);
                } else if (type.isAnnotationPresent(Embeddable.class) || type.isAnnotationPresent(MappedSuperclass.class)
                        || type.isAnnotationPresent(Converter.class)) {
                    managed.add(name);
                }
            }
            if (!entities) {
                throw new IllegalArgumentException("package " + pkg + " named in " + Persistence.HEADER
                        + " holds no @Entity class");
            }
        }
        return managed;
    }

    private void refuse(Bundle bundle, String reason) {
        LOG.error("Refused to start {} {}: {}", bundle.getSymbolicName(), bundle.getVersion(), reason);
        eventAdmin.postEvent(new Event(REFUSED_TOPIC, Map.of(
                EventConstants.BUNDLE_SYMBOLICNAME, String.valueOf(bundle.getSymbolicName()),
                EventConstants.BUNDLE_VERSION, bundle.getVersion(),
                EventConstants.BUNDLE_ID, bundle.getBundleId(),
                EventConstants.MESSAGE, reason)));
        stopper.execute(() -> {
            try {
                bundle.stop(Bundle.STOP_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Could not stop the refused bundle {}: {}", bundle.getSymbolicName(), e.getMessage());
            }
        });
    }
}
