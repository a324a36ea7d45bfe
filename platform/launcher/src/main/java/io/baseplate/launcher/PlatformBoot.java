package io.baseplate.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Starts the framework and every bundle in {@code system/}. Features and {@code deploy/} are
 * provisioned from inside the framework (by the admin bundle), so the launcher
 * needs no class beyond the framework API.
 */
final class PlatformBoot {

    private static final Logger LOG = Logger.getLogger(PlatformBoot.class.getName());

    /**
     * Started first, in this order: SPI Fly must be active before slf4j and Jetty load their
     * providers; Event Admin and FileInstall (which hands config/ to Config Admin) before the data
     * bundles, whose pool and extender need both.
     */
    private static final List<String> FIRST = List.of("org.objectweb.asm", "org.apache.aries.spifly", "slf4j",
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.eventadmin",
            "org.apache.felix.fileinstall");
    /** Started next on the main thread: the health servlet (rest bundle) answers 503 from the moment Jetty listens. */
    private static final List<String> WEB = List.of("org.apache.felix.http", "io.baseplate.rest");
    /**
     * Started last: the REST whiteboard rebuilds the whole Jersey application whenever a resource or
     * extension comes or goes, so it starts once the platform bundles have registered theirs and builds
     * the {@code /api} application once rather than once per bundle.
     */
    private static final List<String> LAST = List.of("org.eclipse.osgitech.rest");
    /** The pool and persistence extender; the bundles it serves declare this header ({@code Persistence.HEADER}). */
    private static final String PERSISTENCE_BUNDLE = "io.baseplate.persistence";
    private static final String PERSISTENCE_HEADER = "Baseplate-Persistence";

    private final Path home;
    private final Map<String, String> properties;

    PlatformBoot(Path home, Map<String, String> properties) {
        this.home = home;
        this.properties = properties;
    }

    Framework start() throws BundleException, IOException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        trace("framework initialised");
        framework.getBundleContext().addFrameworkListener(PlatformBoot::logFrameworkError);
        if (LOG.isLoggable(Level.FINE)) {
            framework.getBundleContext().addBundleListener(PlatformBoot::traceStart);
        }
        List<Bundle> installed = installSystemBundles(framework.getBundleContext());
        trace("installed " + installed.size() + " bundles");
        framework.start();
        // One resolve of the whole set, rather than one per bundle as each is started.
        framework.adapt(FrameworkWiring.class).resolveBundles(installed);
        trace("resolved");
        startInOrder(installed);
        trace("started system bundles");
        return framework;
    }

    static void stop(Framework framework) {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(60_000);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.warning("Framework did not stop within 60 s");
            }
        } catch (BundleException | InterruptedException e) {
            LOG.log(Level.WARNING, "Framework stop failed", e);
        }
    }

    /** Installs every jar of {@code system/}, two at a time: reading jars and parsing manifests is most of it. */
    private List<Bundle> installSystemBundles(BundleContext context) throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> listing = Files.list(home.resolve("system"))) {
            jars = listing.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        ExecutorService installers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Bundle>> installing = new ArrayList<>();
            for (Path jar : jars) {
                installing.add(installers.submit(() -> context.installBundle(jar.toUri().toString())));
            }
            List<Bundle> installed = new ArrayList<>();
            for (Future<Bundle> bundle : installing) {
                installed.add(bundle.get());
            }
            return installed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("Interrupted while installing the system bundles", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BundleException failed ? failed : new BundleException(e.getCause().toString(), e.getCause());
        } finally {
            installers.shutdown();
        }
    }

    /**
     * Starts the bundles in two lanes once the {@link #FIRST} ones run: the data bundles (the pool,
     * then every bundle whose migrations and EntityManagerFactory the extender builds, the largest block
     * of start-up work) on a thread of their own, while the main thread starts Jetty and the rest; the
     * whiteboard ({@link #LAST}) once both are done. Bundles of one lane start in order; the service
     * registry settles what one lane's components need from the other's, as it does for any bundle.
     */
    private static void startInOrder(List<Bundle> installed) {
        List<Bundle> startable = installed.stream().filter(bundle -> bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null).toList();
        startAll(named(startable, FIRST));
        List<Bundle> data = startable.stream().filter(PlatformBoot::ownsData).toList();
        CompletableFuture<Void> dataLane = CompletableFuture.runAsync(() -> startAll(data),
                runnable -> new Thread(runnable, "baseplate-start-data").start());
        startAll(named(startable, WEB));
        startAll(startable.stream().filter(bundle -> !data.contains(bundle) && rank(bundle, FIRST) < 0
                && rank(bundle, WEB) < 0 && rank(bundle, LAST) < 0).toList());
        dataLane.join();
        startAll(named(startable, LAST));
    }

    private static boolean ownsData(Bundle bundle) {
        return PERSISTENCE_BUNDLE.equals(bundle.getSymbolicName()) || bundle.getHeaders().get(PERSISTENCE_HEADER) != null;
    }

    /** The bundles whose symbolic name starts with one of {@code prefixes}, in the order of the prefixes. */
    private static List<Bundle> named(List<Bundle> bundles, List<String> prefixes) {
        return bundles.stream().filter(bundle -> rank(bundle, prefixes) >= 0)
                .sorted(Comparator.comparingInt(bundle -> rank(bundle, prefixes))).toList();
    }

    private static int rank(Bundle bundle, List<String> prefixes) {
        String name = bundle.getSymbolicName() == null ? "" : bundle.getSymbolicName();
        for (int rank = 0; rank < prefixes.size(); rank++) {
            if (name.startsWith(prefixes.get(rank))) {
                return rank;
            }
        }
        return -1;
    }

    private static void startAll(List<Bundle> bundles) {
        for (Bundle bundle : bundles) {
            try {
                bundle.start();
            } catch (BundleException e) {
                LOG.log(Level.SEVERE, "Bundle " + bundle.getSymbolicName() + " did not start: " + e.getMessage());
            }
        }
    }

    /** Start-up trace (FINE, config/logging.properties): when each bundle finished starting, in ms since the JVM started. */
    private static void traceStart(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED) {
            trace("started " + event.getBundle().getSymbolicName());
        }
    }

    private static void trace(String step) {
        LOG.fine(() -> (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) + " ms: " + step);
    }

    private static void logFrameworkError(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            LOG.log(Level.SEVERE, "Framework error in " + event.getBundle().getSymbolicName(), event.getThrowable());
        }
    }
}
