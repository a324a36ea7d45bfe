package io.baseplate.testkit;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.ops4j.pax.exam.ConfigurationManager;
import org.ops4j.pax.exam.Constants;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

/**
 * Builds the Pax Exam configuration that boots the real Baseplate platform, the bundle set of an
 * assembled distribution, in a Pax Exam native container: the same bundles, configuration files and
 * default features as {@code bin/baseplate}, served over HTTP, so that in-container tests of the
 * platform and of plugins exercise what ships.
 *
 * <p>Typical use in a JUnit 4 test class run by {@code maven-failsafe-plugin}:
 * <pre>
 * &#64;RunWith(PaxExam.class)
 * &#64;ExamReactorStrategy(PerClass.class)
 * public class MyGatewayIT {
 *
 *     &#64;Configuration
 *     public Option[] configuration() {
 *         return BaseplateOptions.fromDistribution(Path.of(System.getProperty("baseplate.distribution")))
 *                 .withPluginBundle(Path.of("target/my-gateway.jar"))
 *                 .build();
 *     }
 *
 *     &#64;Inject
 *     private BundleContext context;
 *
 *     &#64;Test
 *     public void charges() throws Exception {
 *         int port = Integer.parseInt(context.getProperty(BaseplateOptions.HTTP_PORT));
 *         String adminKey = context.getProperty(BaseplateOptions.ADMIN_KEY);
 *         // wait for GET /health to answer 200, then call http://127.0.0.1:port/api/v1/...
 *     }
 * }
 * </pre>
 * The test methods run inside the framework: read the values above from the {@code BundleContext}
 * there, and use {@code java.net.http.HttpClient} for HTTP (java.* is visible to every bundle).
 *
 * <h2>What {@link #build()} configures</h2>
 * <ul>
 *   <li>Every {@code system/*.jar} of the distribution, installed from its file. SPI Fly, ASM and
 *       slf4j start first (start level {@value #EARLY_START_LEVEL}): slf4j 2 and Jetty need the
 *       service loader extender active before they start. The other platform bundles start at
 *       {@value #PLATFORM_START_LEVEL}, bundles added with {@link #withPluginBundle(Path)} at
 *       {@value #PLUGIN_START_LEVEL}, and the test probe last, at Pax Exam's level 5.
 *       Fragments are installed but never started.</li>
 *   <li>The framework properties the launcher sets, then those of the distribution's
 *       {@code config/baseplate.properties} (the default features, for one), with features and
 *       plugins read from the distribution and fresh directories for everything the platform
 *       writes. Each call of {@link #build()} creates, under the {@linkplain #workDirectory(Path)
 *       work directory}, a new directory holding {@code config/} (a copy of the distribution's,
 *       so a test may drop configuration files in it), {@code deploy/} (watched by the platform's
 *       deploy watcher, as the distribution's is) and {@code data/} (the H2 database), which starts empty unless
 *       {@link #withInitialData(Path)} names files for it. The distribution is only read.</li>
 *   <li>A free HTTP port ({@value #HTTP_PORT}) and a random platform admin key ({@value #ADMIN_KEY}),
 *       both readable in the container as framework properties, like {@value #DEPLOY_DIR} and
 *       {@value #PLUGINS_DIR}.</li>
 *   <li>Felix's implicit boot delegation off: the native container shares the test JVM's class
 *       path, and with it on, a bundle's {@code ServiceLoader} finds providers in test jars (an
 *       slf4j binding, say) that it cannot use. The launcher's class path holds nothing a bundle
 *       could pick up, so this keeps the test container as isolated as production.</li>
 *   <li>A clean framework cache, the JUnit bundles Pax Exam needs in the container, and Pax Exam's
 *       own in-container logging at WARN.</li>
 * </ul>
 *
 * <h2>Which database a run uses</h2>
 * By default a run uses what the distribution configures: with the stock {@code config/}, the
 * embedded H2 file database in the run's {@code data/}, fresh for every {@link #build()}.
 *
 * <p><b>PostgreSQL.</b> When the test JVM has the system property {@value #DATABASE_URL_PROPERTY}
 * set to the JDBC URL of a PostgreSQL database, e.g.
 * {@code -Dbaseplate.it.database.url=jdbc:postgresql://127.0.0.1:5432/baseplate_ci_123}, every
 * {@link #build()} runs the platform on that database instead, in a schema of its own:
 * <ol>
 *   <li>it connects over JDBC, as the user in {@value #DATABASE_USER_PROPERTY} (default
 *       {@value #DEFAULT_DATABASE_USER}) with the password in {@value #DATABASE_PASSWORD_PROPERTY}
 *       (default empty), and creates a fresh schema {@code it_<random>};</li>
 *   <li>it writes {@code config/io.baseplate.database.cfg} (Config Admin PID
 *       {@value #DATABASE_PID}) into the run's {@code config/}, replacing the distribution's, with
 *       {@code url=} the given URL plus the URL parameter {@code currentSchema=it_<random>} (after
 *       {@code ?}, or {@code &} when the URL has parameters already) and {@code user=} (and
 *       {@code password=} when one is set): the platform creates its tables, and records its
 *       migrations, in that schema only.</li>
 * </ol>
 * The database itself must exist; whoever runs the suite creates it and drops it afterwards, and the
 * runs' schemas go with it ({@code .ci/run} does so; Pax Exam may call a {@code @Configuration}
 * method more than once per test class, and the schemas of calls it does not boot stay empty). The URL written is readable in the container
 * as the framework property {@value #DATABASE_URL}. Without the system property, or with it blank,
 * the testkit writes no database configuration and a run behaves exactly as before. The PostgreSQL
 * JDBC driver that creates the schema is a dependency of the testkit; the platform's own driver comes
 * from the distribution.
 *
 * <p><b>Pinning H2.</b> A test that needs the embedded H2 database whatever the run, e.g. one that
 * starts the platform on an H2 file written by an older version, calls {@link #withEmbeddedDatabase()}:
 * then {@value #DATABASE_URL_PROPERTY} is ignored and the distribution's configuration applies.
 *
 * <p><b>Initial data.</b> {@link #withInitialData(Path)} copies a directory's files into the run's
 * {@code data/} before the platform starts, e.g. {@code baseplate.mv.db}, the H2 database file an
 * older version wrote, to test that the platform upgrades it in place:
 * <pre>
 * BaseplateOptions.fromDistribution(distribution)
 *         .withEmbeddedDatabase()
 *         .withInitialData(Path.of("src/test/resources/legacy-0.1"))
 *         .build();
 * </pre>
 *
 * <h2>Requirements on the test run</h2>
 * The distribution brings its own slf4j (2.x, with {@code slf4j-simple}); Pax Exam's default
 * {@code pax-logging-api} bundle would export a second {@code org.slf4j} into the same framework.
 * Run the tests with the system property {@code pax.exam.logging=none} (Pax Exam reads it before any
 * {@code @Configuration} method, so this class cannot set it); {@link #build()} fails otherwise.
 * Pax Exam installs its own helper bundles from {@code mvn:} URLs through pax-url-aether: point
 * {@code org.ops4j.pax.url.mvn.localRepository} at the build's local repository, and set
 * {@code org.ops4j.pax.url.mvn.offline=true} to take them from there only.
 *
 * <p>Instances are mutable builders and not thread safe; use one per configuration.
 */
public final class BaseplateOptions {

    /** Framework property: the HTTP port the platform serves on; {@link #build()} picks a free one. */
    public static final String HTTP_PORT = "org.osgi.service.http.port";

    /**
     * Framework property: the platform admin API key, sent in the {@code X-Api-Key} header. A random
     * one by default; set your own with {@link #frameworkProperty(String, String)}.
     */
    public static final String ADMIN_KEY = "baseplate.admin.key";

    /**
     * Framework property, set by the testkit only: the run's deploy folder, which the platform watches
     * for plugin bundles as it watches the distribution's {@code deploy/}. Rename a plugin jar into it
     * (or copy it: a jar is installed only once it is complete) to hot-deploy the plugin, replace the
     * jar to update the bundle in place, delete it to uninstall the bundle.
     */
    public static final String DEPLOY_DIR = "baseplate.testkit.deploy.dir";

    /** Framework property the platform reads: the folder its deploy watcher watches; the testkit sets it to the run's {@code deploy/}. */
    public static final String PLATFORM_DEPLOY_DIR = "baseplate.deploy.dir";

    /** Framework property: the distribution's {@code plugins/} directory, which features install from. */
    public static final String PLUGINS_DIR = "baseplate.plugins.dir";

    /** Framework property: comma-separated names of the features provisioned at start, from {@code features/<name>.json}. */
    public static final String FEATURES = "baseplate.features";

    /**
     * System property of the test JVM: the JDBC URL of a PostgreSQL database to run the platform on,
     * each {@link #build()} in a fresh schema of its own (see the class comment). Unset or blank: the
     * distribution's database configuration (embedded H2 by default).
     */
    public static final String DATABASE_URL_PROPERTY = "baseplate.it.database.url";

    /** System property of the test JVM: the user for {@value #DATABASE_URL_PROPERTY}, {@value #DEFAULT_DATABASE_USER} by default. */
    public static final String DATABASE_USER_PROPERTY = "baseplate.it.database.user";

    /** System property of the test JVM: the password for {@value #DATABASE_URL_PROPERTY}, empty by default. */
    public static final String DATABASE_PASSWORD_PROPERTY = "baseplate.it.database.password";

    /** The user of {@value #DATABASE_URL_PROPERTY} when {@value #DATABASE_USER_PROPERTY} is not set. */
    public static final String DEFAULT_DATABASE_USER = "postgres";

    /** Config Admin PID of the platform's database, configured by {@code config/io.baseplate.database.cfg}. */
    public static final String DATABASE_PID = "io.baseplate.database";

    /**
     * Framework property, set by the testkit only: the JDBC URL the run's
     * {@code config/io.baseplate.database.cfg} names, schema included; empty when the testkit wrote no
     * database configuration (the distribution's, embedded H2 by default, applies).
     */
    public static final String DATABASE_URL = "baseplate.testkit.database.url";

    /** Start level of the bundles every other bundle needs active first: SPI Fly, ASM and slf4j. */
    public static final int EARLY_START_LEVEL = 1;

    /** Start level of the other bundles of the distribution's {@code system/}. */
    public static final int PLATFORM_START_LEVEL = 3;

    /** Start level of bundles added with {@link #withPluginBundle(Path)}: after the whole platform. */
    public static final int PLUGIN_START_LEVEL = 4;

    private static final String PAX_EXAM_LOGGING_NONE = "none";

    /** Symbolic-name prefixes of the bundles started first, as the launcher starts them first. */
    private static final List<String> EARLY_BUNDLES = List.of("org.objectweb.asm", "org.apache.aries.spifly", "slf4j");

    private final Path distribution;
    private final Map<String, String> propertyOverrides = new LinkedHashMap<>();
    private final List<Path> pluginBundles = new ArrayList<>();
    private final List<Option> extraOptions = new ArrayList<>();
    private final List<Path> initialData = new ArrayList<>();
    private Path workDirectory;
    private boolean embeddedDatabase;

    private BaseplateOptions(Path distribution) {
        this.distribution = distribution.toAbsolutePath().normalize();
    }

    /**
     * Starts a configuration for the distribution in {@code distribution}, the directory the
     * {@code distribution} module assembles ({@code distribution/target/baseplate-<version>}),
     * holding {@code system/}, {@code plugins/}, {@code features/} and {@code config/}.
     *
     * @param distribution the assembled distribution's directory
     * @return a builder with the defaults described on this class
     * @throws IllegalArgumentException when the directory has no {@code system/} folder, e.g. because
     *                                  the distribution was not built yet
     */
    public static BaseplateOptions fromDistribution(Path distribution) {
        if (!Files.isDirectory(distribution.resolve("system"))) {
            throw new IllegalArgumentException("No Baseplate distribution at " + distribution.toAbsolutePath()
                    + ": it has no system/ folder. Build the distribution module first (mvn install).");
        }
        return new BaseplateOptions(distribution);
    }

    /**
     * Sets the directory under which each {@link #build()} creates its own {@code config/},
     * {@code deploy/} and {@code data/}. The default is the system temporary directory. Pick a
     * folder under {@code target/} to keep the files of a failed run for inspection.
     *
     * @param directory where the runs' directories are created; created if missing
     * @return this builder
     */
    public BaseplateOptions workDirectory(Path directory) {
        this.workDirectory = directory.toAbsolutePath().normalize();
        return this;
    }

    /**
     * Sets a framework property, overriding the distribution's {@code config/baseplate.properties}
     * and the testkit's defaults, e.g. {@code frameworkProperty(FEATURES, "")} to start without any
     * feature, or {@code frameworkProperty(ADMIN_KEY, "...")} for a known admin key. The HTTP port
     * can be fixed this way too, though a free one is chosen by default.
     *
     * @param key   the framework property's name
     * @param value its value in the container
     * @return this builder
     */
    public BaseplateOptions frameworkProperty(String key, String value) {
        propertyOverrides.put(key, value);
        return this;
    }

    /**
     * Installs and starts a bundle file, such as the plugin under test, once the platform bundles
     * are started (start level {@value #PLUGIN_START_LEVEL}). Unlike a jar copied into
     * {@link #DEPLOY_DIR}, it stays installed for the whole run.
     *
     * @param jar the bundle file
     * @return this builder
     * @throws IllegalArgumentException when there is no such file
     */
    public BaseplateOptions withPluginBundle(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("No bundle file at " + jar.toAbsolutePath());
        }
        pluginBundles.add(jar.toAbsolutePath().normalize());
        return this;
    }

    /**
     * Copies the files of {@code directory} (and of its subdirectories) into the run's {@code data/}
     * before the platform starts, e.g. an H2 database file {@code baseplate.mv.db} written by an older
     * version, so that a test starts the platform on it. The directory is only read: every
     * {@link #build()} copies it afresh. Several directories may be given; later ones win on equal
     * names. On PostgreSQL runs the platform does not read its database from {@code data/}: pin H2
     * with {@link #withEmbeddedDatabase()} when the files are an H2 database.
     *
     * @param directory the files to start with
     * @return this builder
     * @throws IllegalArgumentException when there is no such directory
     */
    public BaseplateOptions withInitialData(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("No directory at " + directory.toAbsolutePath());
        }
        initialData.add(directory.toAbsolutePath().normalize());
        return this;
    }

    /**
     * Pins the embedded H2 database: {@link #build()} ignores {@value #DATABASE_URL_PROPERTY} and
     * writes no database configuration, so the distribution's own (an H2 file in {@code data/} by
     * default) applies even when the suite runs on PostgreSQL. For tests that need H2 itself, such as
     * an upgrade from an H2 file given with {@link #withInitialData(Path)}.
     *
     * @return this builder
     */
    public BaseplateOptions withEmbeddedDatabase() {
        embeddedDatabase = true;
        return this;
    }

    /**
     * Adds any other Pax Exam options, e.g. {@code mavenBundle(...)} for libraries a plugin needs,
     * {@code streamBundle(...)} for a bundle built in the test, or system properties. Provisioning
     * options without an explicit start level start at Pax Exam's default level 3, with the
     * platform, after the platform's bundles of that level.
     *
     * @param options Pax Exam options, added after the platform's
     * @return this builder
     */
    public BaseplateOptions withOptions(Option... options) {
        extraOptions.addAll(List.of(options));
        return this;
    }

    /**
     * Creates the run's directories, picks the HTTP port and returns the options for a
     * {@code @Configuration} method.
     *
     * @return the options that boot the platform, followed by those added with {@link #withOptions(Option...)}
     * @throws IllegalStateException when {@code pax.exam.logging} is not {@code none}
     * @throws UncheckedIOException  when the distribution cannot be read or the directories cannot be created
     * @throws IllegalStateException  also when {@value #DATABASE_URL_PROPERTY} is set and the run's
     *                                schema cannot be created in that database
     */
    public Option[] build() {
        requireNoPaxLogging();
        try {
            Path run = createRunDirectory();
            Path config = copyDirectory(distribution.resolve("config"), run.resolve("config"));
            Path deploy = Files.createDirectories(run.resolve("deploy"));
            Path data = Files.createDirectories(run.resolve("data"));
            for (Path directory : initialData) {
                copyDirectory(directory, data);
            }
            String databaseUrl = configureDatabase(config);

            List<Option> options = new ArrayList<>();
            Map<String, String> properties = frameworkProperties(config, deploy, data);
            properties.put(DATABASE_URL, databaseUrl);
            properties.forEach((key, value) -> options.add(CoreOptions.frameworkProperty(key).value(value)));
            options.addAll(systemBundles());
            for (Path jar : pluginBundles) {
                options.add(bundle(jar.toUri().toString()).startLevel(PLUGIN_START_LEVEL));
            }
            options.add(junitBundles());
            options.add(cleanCaches(true));
            // Pax Exam's bundles log through the distribution's slf4j-simple; its INFO lines are noise.
            options.add(systemProperty("org.slf4j.simpleLogger.log.org.ops4j").value("warn"));
            options.addAll(extraOptions);
            return options.toArray(Option[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Baseplate test run from " + distribution, e);
        }
    }

    /**
     * On a PostgreSQL run, creates the run's schema and writes {@code config/io.baseplate.database.cfg}
     * naming it; otherwise writes nothing.
     *
     * @return the URL written, or "" when none was
     */
    private String configureDatabase(Path config) throws IOException {
        String url = System.getProperty(DATABASE_URL_PROPERTY, "").strip();
        if (embeddedDatabase || url.isEmpty()) {
            return "";
        }
        String user = System.getProperty(DATABASE_USER_PROPERTY, "").strip();
        if (user.isEmpty()) {
            user = DEFAULT_DATABASE_USER;
        }
        String password = System.getProperty(DATABASE_PASSWORD_PROPERTY, "");
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create schema " + schema + " in " + url + " as " + user
                    + " (-D" + DATABASE_URL_PROPERTY + "): " + e.getMessage(), e);
        }
        String schemaUrl = withUrlParameter(url, "currentSchema", schema);
        StringBuilder cfg = new StringBuilder()
                .append("# Written by the Baseplate testkit: this run's own schema in ").append(url).append('\n')
                .append("url=").append(cfgValue(schemaUrl)).append('\n')
                .append("user=").append(cfgValue(user)).append('\n');
        if (!password.isEmpty()) {
            cfg.append("password=").append(cfgValue(password)).append('\n');
        }
        Files.writeString(config.resolve(DATABASE_PID + ".cfg"), cfg, StandardCharsets.UTF_8);
        return schemaUrl;
    }

    /** {@code url} with {@code name=value} added as a URL parameter: after {@code ?}, or after {@code &} if it has parameters. */
    static String withUrlParameter(String url, String name, String value) {
        String separator = url.indexOf('?') < 0 ? "?" : url.endsWith("?") || url.endsWith("&") ? "" : "&";
        return url + separator + name + "=" + value;
    }

    /** A value as a {@code .cfg} line (properties syntax) reads back: backslashes escaped. */
    private static String cfgValue(String value) {
        return value.replace("\\", "\\\\");
    }

    private static void requireNoPaxLogging() {
        String logging = new ConfigurationManager().getProperty(Constants.EXAM_LOGGING_KEY);
        if (!PAX_EXAM_LOGGING_NONE.equals(logging)) {
            throw new IllegalStateException("Run Baseplate in-container tests with -D" + Constants.EXAM_LOGGING_KEY + "="
                    + PAX_EXAM_LOGGING_NONE + " (now: " + logging + "): the distribution brings its own slf4j, and "
                    + "Pax Exam's pax-logging-api would export a second org.slf4j into the framework.");
        }
    }

    /** The launcher's defaults, then {@code config/baseplate.properties}, then the testkit's own values and overrides. */
    private Map<String, String> frameworkProperties(Path config, Path deploy, Path data) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        // As the launcher: FileInstall maps config/*.cfg to Config Admin, the admin bundle watches deploy/.
        properties.put("felix.fileinstall.dir", config.toString());
        properties.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        properties.put("felix.fileinstall.poll", "2000");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.log.level", "2");
        // config/ is the administrator's: FileInstall must not write configurations back into it. Its write-back
        // (truncate, then write) raced its own scan at start: a node read an empty io.baseplate.database.cfg
        // and opened embedded H2 instead of the PostgreSQL the file named (tools/concurrent-start.py caught it).
        properties.put("felix.fileinstall.enableConfigSave", "false");
        properties.put(PLATFORM_DEPLOY_DIR, deploy.toString());
        properties.put("baseplate.features.dir", distribution.resolve("features").toString());
        properties.put(PLUGINS_DIR, distribution.resolve("plugins").toString());
        properties.put("baseplate.data.dir", data.toString());
        properties.putAll(readProperties(config.resolve("baseplate.properties")));
        // Keeps the test class path out of the bundles' sight (see the class comment).
        properties.put("felix.bootdelegation.implicit", "false");
        properties.put(HTTP_PORT, Integer.toString(freePort()));
        properties.put(ADMIN_KEY, "bpa_test_" + UUID.randomUUID().toString().replace("-", ""));
        properties.put(DEPLOY_DIR, deploy.toString());
        properties.putAll(propertyOverrides);
        return properties;
    }

    private List<Option> systemBundles() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(distribution.resolve("system"))) {
            jars = files.filter(path -> path.toString().endsWith(".jar")).sorted().toList();
        }
        List<Option> options = new ArrayList<>();
        for (Path jar : jars) {
            Attributes manifest = manifestOf(jar);
            String url = jar.toUri().toString();
            if (manifest.getValue("Fragment-Host") != null) {
                options.add(bundle(url).start(false));
            } else {
                options.add(bundle(url).startLevel(isEarly(manifest) ? EARLY_START_LEVEL : PLATFORM_START_LEVEL));
            }
        }
        return options;
    }

    private static boolean isEarly(Attributes manifest) {
        String symbolicName = manifest.getValue("Bundle-SymbolicName");
        return symbolicName != null && EARLY_BUNDLES.stream().anyMatch(symbolicName::startsWith);
    }

    private static Attributes manifestOf(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) {
                throw new IOException(jar + " has no manifest, so it is not a bundle");
            }
            return file.getManifest().getMainAttributes();
        }
    }

    private Path createRunDirectory() throws IOException {
        if (workDirectory == null) {
            return Files.createTempDirectory("baseplate-test-");
        }
        Files.createDirectories(workDirectory);
        return Files.createTempDirectory(workDirectory, "run-");
    }

    private static Path copyDirectory(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        if (!Files.isDirectory(source)) {
            return target;
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        }
        return values;
    }

    /** A port nobody listens on right now; the platform binds it moments later. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
