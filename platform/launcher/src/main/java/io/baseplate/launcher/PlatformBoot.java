package io.baseplate.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts the framework and every bundle in {@code system/}. Features and {@code deploy/} are
 * provisioned from inside the framework (by the admin bundle), so the launcher
 * needs no class beyond the framework API.
 */
final class PlatformBoot {

    private static final Logger LOG = Logger.getLogger(PlatformBoot.class.getName());

    /**
     * Started first, in this order: SPI Fly must be active before slf4j and Jetty load their
     * providers, and the health servlet (in the rest bundle) should answer 503 from the moment
     * Jetty listens rather than 404.
     */
    private static final List<String> FIRST = List.of("org.objectweb.asm", "org.apache.aries.spifly", "slf4j",
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.http", "io.baseplate.rest");

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
        framework.getBundleContext().addFrameworkListener(PlatformBoot::logFrameworkError);
        List<Bundle> installed = installSystemBundles(framework.getBundleContext());
        framework.start();
        startInOrder(installed);
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

    private List<Bundle> installSystemBundles(BundleContext context) throws IOException, BundleException {
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("system"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                installed.add(context.installBundle(jar.toUri().toString()));
            }
        }
        return installed;
    }

    private static void startInOrder(List<Bundle> installed) {
        List<Bundle> ordered = new ArrayList<>(installed);
        ordered.sort(Comparator.comparingInt(PlatformBoot::startRank));
        for (Bundle bundle : ordered) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                LOG.log(Level.SEVERE, "Bundle " + bundle.getSymbolicName() + " did not start: " + e.getMessage());
            }
        }
    }

    private static int startRank(Bundle bundle) {
        String name = bundle.getSymbolicName() == null ? "" : bundle.getSymbolicName();
        for (int rank = 0; rank < FIRST.size(); rank++) {
            if (name.startsWith(FIRST.get(rank))) {
                return rank;
            }
        }
        return FIRST.size();
    }

    private static void logFrameworkError(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            LOG.log(Level.SEVERE, "Framework error in " + event.getBundle().getSymbolicName(), event.getThrowable());
        }
    }
}
