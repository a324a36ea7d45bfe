package io.baseplate.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.osgi.framework.launch.Framework;

/**
 * Entry point of {@code bin/baseplate}: boots the framework from the distribution's home
 * directory, reports how long the platform took to become healthy, and shuts the framework
 * down cleanly on SIGTERM.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("baseplate.home", ".")).toAbsolutePath().normalize();
        Map<String, String> properties = LaunchProperties.load(home, System.getenv());
        for (String dir : List.of("data", "logs", "deploy")) {
            Files.createDirectories(home.resolve(dir));
        }

        int port = Integer.parseInt(properties.get(LaunchProperties.HTTP_PORT));
        if (!isFree(port)) {
            // Otherwise Jetty fails quietly inside the framework and the health probe would be answered by the other process.
            LOG.severe(() -> "Port " + port + " is already in use; stop what listens there or set BASEPLATE_HTTP_PORT");
            System.exit(2);
        }

        Framework framework = new PlatformBoot(home, properties).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PlatformBoot.stop(framework), "baseplate-shutdown"));

        long startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
        if (HealthProbe.awaitHealthy(port, 120_000)) {
            LOG.info(() -> String.format("Baseplate ready: /health answered 200 %d ms after start, on http://localhost:%d",
                    System.currentTimeMillis() - startedAt, port));
        } else {
            LOG.severe("Baseplate did not become healthy within 120 s; see the log above");
        }
        framework.waitForStop(0);
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
