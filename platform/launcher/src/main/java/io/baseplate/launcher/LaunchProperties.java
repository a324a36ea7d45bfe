package io.baseplate.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Framework properties for one start: the defaults below, then {@code config/baseplate.properties},
 * then environment overrides. Everything the platform bundles read at start (HTTP port, watched
 * directories, default features) is a framework property, so tests can set the same keys.
 */
final class LaunchProperties {

    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HOME = "baseplate.home";
    /** The folder the admin bundle's deploy watcher hot-deploys jars from. */
    static final String DEPLOY_DIR = "baseplate.deploy.dir";
    /** The files of config/ that FileInstall hands to Config Admin. */
    static final String CONFIG_FILES = ".*\\.(cfg|config)";
    /**
     * How often FileInstall looks at config/ (ms). Measured idle, over 240 s: its thread used 60 ms of
     * CPU at 500 ms and 10 ms at 2000 ms (the deploy watcher: none); configuration is edited by hand,
     * so a change taking effect within a few seconds is soon enough.
     */
    static final String CONFIG_POLL_MILLIS = "2000";

    private LaunchProperties() {
    }

    static Map<String, String> load(Path home, Map<String, String> env) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(HOME, home.toString());
        properties.put(HTTP_PORT, "8080");
        properties.put("org.osgi.framework.storage", home.resolve("data/felix-cache").toString());
        // The installed bundle set is derived from system/, features and deploy/ on every start.
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        // FileInstall maps config/*.cfg to Config Admin; the admin bundle's deploy watcher owns deploy/.
        properties.put("felix.fileinstall.dir", home.resolve("config").toString());
        properties.put("felix.fileinstall.filter", CONFIG_FILES);
        properties.put("felix.fileinstall.poll", CONFIG_POLL_MILLIS);
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.log.level", "2");
        // config/ is the administrator's: FileInstall must not write configurations back into it. Its write-back
        // (truncate, then write) raced its own scan at start: a node read an empty io.baseplate.database.cfg
        // and opened embedded H2 instead of the PostgreSQL the file named (tools/concurrent-start.py caught it).
        properties.put("felix.fileinstall.enableConfigSave", "false");
        properties.put(DEPLOY_DIR, home.resolve("deploy").toString());
        properties.put("baseplate.features.dir", home.resolve("features").toString());
        properties.put("baseplate.plugins.dir", home.resolve("plugins").toString());
        properties.put("baseplate.data.dir", home.resolve("data").toString());

        Path file = home.resolve("config/baseplate.properties");
        if (Files.isRegularFile(file)) {
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                fromFile.load(reader);
            }
            fromFile.stringPropertyNames().forEach(key -> properties.put(key, fromFile.getProperty(key)));
        }

        String port = env.get("BASEPLATE_HTTP_PORT");
        if (port != null && !port.isBlank()) {
            properties.put(HTTP_PORT, port.trim());
        }
        requirePort(properties.get(HTTP_PORT));
        return properties;
    }

    private static void requirePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("BASEPLATE_HTTP_PORT / " + HTTP_PORT + " must be a port number, not '" + value + "'");
    }
}
