package io.baseplate.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.FrameworkPropertyOption;
import org.ops4j.pax.exam.options.UrlProvisionOption;

class BaseplateOptionsTest {

    @TempDir
    Path distribution;

    @TempDir
    Path work;

    @BeforeEach
    void distributionWithAnEarlyBundleAPlatformBundleAndAFragment() throws IOException {
        Files.createDirectories(distribution.resolve("system"));
        bundle("asm-9.9.1.jar", "org.objectweb.asm", null);
        bundle("core-0.1.0.jar", "io.baseplate.core", null);
        bundle("sse-1.2.2.jar", "org.eclipse.osgitech.rest.sse", "org.eclipse.osgitech.rest");
        Files.createDirectories(distribution.resolve("config"));
        Files.writeString(distribution.resolve("config/baseplate.properties"),
                "org.osgi.service.http.port=8080\nbaseplate.features=payments-default\n");
        System.setProperty("pax.exam.logging", "none");
    }

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("pax.exam.logging");
        System.clearProperty(BaseplateOptions.DATABASE_URL_PROPERTY);
        System.clearProperty(BaseplateOptions.DATABASE_USER_PROPERTY);
    }

    @Test
    void serviceLoaderBundlesStartFirstPluginsAfterThePlatformAndFragmentsNever() throws IOException {
        Path plugin = Files.copy(distribution.resolve("system/core-0.1.0.jar"), work.resolve("my-gateway.jar"));

        Map<String, UrlProvisionOption> bundles = Arrays.stream(options().withPluginBundle(plugin).build())
                .filter(UrlProvisionOption.class::isInstance).map(UrlProvisionOption.class::cast)
                .filter(option -> option.getURL().startsWith("file:"))
                .collect(Collectors.toMap(option -> Path.of(URI.create(option.getURL())).getFileName().toString(),
                        Function.identity()));

        assertEquals(BaseplateOptions.EARLY_START_LEVEL, bundles.get("asm-9.9.1.jar").getStartLevel());
        assertEquals(BaseplateOptions.PLATFORM_START_LEVEL, bundles.get("core-0.1.0.jar").getStartLevel());
        assertTrue(bundles.get("core-0.1.0.jar").shouldStart());
        assertFalse(bundles.get("sse-1.2.2.jar").shouldStart());
        assertEquals(BaseplateOptions.PLUGIN_START_LEVEL, bundles.get("my-gateway.jar").getStartLevel());
    }

    @Test
    void theRunGetsFreshDirectoriesAFreePortAndTheDistributionsFeatures() throws IOException {
        Map<String, String> properties = frameworkProperties(options().build());

        assertNotEquals("8080", properties.get(BaseplateOptions.HTTP_PORT));
        assertEquals("payments-default", properties.get(BaseplateOptions.FEATURES));
        assertTrue(properties.get(BaseplateOptions.ADMIN_KEY).length() > 20);
        Path deploy = Path.of(properties.get(BaseplateOptions.DEPLOY_DIR));
        assertTrue(deploy.startsWith(work));
        Path config = deploy.resolveSibling("config");
        assertEquals(config.toString(), properties.get("felix.fileinstall.dir"));
        assertEquals(deploy.toString(), properties.get(BaseplateOptions.PLATFORM_DEPLOY_DIR));
        assertTrue(Files.isRegularFile(config.resolve("baseplate.properties")));
        assertEquals(deploy.resolveSibling("data").toString(), properties.get("baseplate.data.dir"));
        assertEquals(distribution.resolve("plugins").toString(), properties.get(BaseplateOptions.PLUGINS_DIR));
    }

    @Test
    void explicitFrameworkPropertiesWin() {
        Map<String, String> properties = frameworkProperties(options()
                .frameworkProperty(BaseplateOptions.FEATURES, "")
                .frameworkProperty(BaseplateOptions.ADMIN_KEY, "bpa_known").build());

        assertEquals("", properties.get(BaseplateOptions.FEATURES));
        assertEquals("bpa_known", properties.get(BaseplateOptions.ADMIN_KEY));
    }

    @Test
    void initialDataIsCopiedIntoTheRunsDataDirectory(@TempDir Path legacy) throws IOException {
        Files.writeString(legacy.resolve("baseplate.mv.db"), "an old database");
        Files.createDirectories(legacy.resolve("nested"));
        Files.writeString(legacy.resolve("nested/file.txt"), "kept");

        Map<String, String> properties = frameworkProperties(options().withInitialData(legacy).build());

        Path data = Path.of(properties.get("baseplate.data.dir"));
        assertEquals("an old database", Files.readString(data.resolve("baseplate.mv.db")));
        assertEquals("kept", Files.readString(data.resolve("nested/file.txt")));
        assertTrue(Files.isRegularFile(legacy.resolve("baseplate.mv.db")), "the source is only read");
    }

    @Test
    void initialDataMustBeADirectory() {
        assertThrows(IllegalArgumentException.class, () -> options().withInitialData(work.resolve("missing")));
    }

    @Test
    void withoutADatabaseUrlNoDatabaseConfigurationIsWritten() {
        Map<String, String> properties = frameworkProperties(options().build());

        assertFalse(Files.exists(configOf(properties).resolve("io.baseplate.database.cfg")));
        assertEquals("", properties.get(BaseplateOptions.DATABASE_URL));
    }

    @Test
    void aBlankDatabaseUrlIsUnset() {
        System.setProperty(BaseplateOptions.DATABASE_URL_PROPERTY, " ");

        Map<String, String> properties = frameworkProperties(options().build());

        assertFalse(Files.exists(configOf(properties).resolve("io.baseplate.database.cfg")));
    }

    @Test
    void aPinnedEmbeddedDatabaseIgnoresTheDatabaseUrl() {
        // Port 1: nothing listens, so a connection attempt would fail the build.
        System.setProperty(BaseplateOptions.DATABASE_URL_PROPERTY, "jdbc:postgresql://127.0.0.1:1/nothing");

        Map<String, String> properties = frameworkProperties(options().withEmbeddedDatabase().build());

        assertFalse(Files.exists(configOf(properties).resolve("io.baseplate.database.cfg")));
        assertEquals("", properties.get(BaseplateOptions.DATABASE_URL));
    }

    @Test
    void anUnreachableDatabaseFailsTheBuildNamingIt() {
        System.setProperty(BaseplateOptions.DATABASE_URL_PROPERTY, "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> options().build());
        assertTrue(failure.getMessage().contains("127.0.0.1:1/nothing"), failure.getMessage());
    }

    @Test
    void theSchemaParameterFollowsTheUrlsOwnParameters() {
        assertEquals("jdbc:postgresql://h:5432/db?currentSchema=it_1",
                BaseplateOptions.withUrlParameter("jdbc:postgresql://h:5432/db", "currentSchema", "it_1"));
        assertEquals("jdbc:postgresql://h:5432/db?ssl=false&currentSchema=it_1",
                BaseplateOptions.withUrlParameter("jdbc:postgresql://h:5432/db?ssl=false", "currentSchema", "it_1"));
        assertEquals("jdbc:postgresql://h:5432/db?currentSchema=it_1",
                BaseplateOptions.withUrlParameter("jdbc:postgresql://h:5432/db?", "currentSchema", "it_1"));
    }

    /**
     * Against a real PostgreSQL when the build is given one, as .ci/run does
     * ({@code -Dbaseplate.test.postgresql=jdbc:postgresql://127.0.0.1:5432/postgres}).
     */
    @Test
    @EnabledIfSystemProperty(named = "baseplate.test.postgresql", matches = ".+")
    void onPostgresqlEachRunGetsAFreshSchemaAndAConfigurationNamingIt() throws Exception {
        String url = System.getProperty("baseplate.test.postgresql");
        System.setProperty(BaseplateOptions.DATABASE_URL_PROPERTY, url);

        Map<String, String> first = frameworkProperties(options().build());
        Map<String, String> second = frameworkProperties(options().build());

        String firstSchema = schemaOf(first.get(BaseplateOptions.DATABASE_URL));
        String secondSchema = schemaOf(second.get(BaseplateOptions.DATABASE_URL));
        assertNotEquals(firstSchema, secondSchema);
        String cfg = Files.readString(configOf(first).resolve("io.baseplate.database.cfg"));
        assertTrue(cfg.contains("\nurl=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + firstSchema + "\n"), cfg);
        assertTrue(cfg.contains("\nuser=postgres\n"), cfg);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String schema : new String[] {firstSchema, secondSchema}) {
                try (ResultSet found = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'")) {
                    found.next();
                    assertEquals(1, found.getInt(1), schema);
                }
                statement.execute("DROP SCHEMA " + schema);
            }
        }
    }

    @Test
    void paxLoggingIsRefusedBecauseTheDistributionBringsItsOwnSlf4j() {
        System.clearProperty("pax.exam.logging");

        assertThrows(IllegalStateException.class, () -> options().build());
    }

    @Test
    void aDirectoryWithoutSystemIsNoDistribution() {
        assertThrows(IllegalArgumentException.class, () -> BaseplateOptions.fromDistribution(work));
    }

    private static Path configOf(Map<String, String> properties) {
        return Path.of(properties.get(BaseplateOptions.DEPLOY_DIR)).resolveSibling("config");
    }

    private static String schemaOf(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        assertTrue(schema.matches("it_[0-9a-f]{16}"), schema);
        return schema;
    }

    private BaseplateOptions options() {
        return BaseplateOptions.fromDistribution(distribution).workDirectory(work);
    }

    private static Map<String, String> frameworkProperties(Option[] options) {
        return Arrays.stream(options).filter(FrameworkPropertyOption.class::isInstance).map(FrameworkPropertyOption.class::cast)
                .collect(Collectors.toMap(FrameworkPropertyOption::getKey, option -> (String) option.getValue()));
    }

    private void bundle(String fileName, String symbolicName, String fragmentHost) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Bundle-SymbolicName", symbolicName);
        if (fragmentHost != null) {
            attributes.putValue("Fragment-Host", fragmentHost);
        }
        try (OutputStream file = Files.newOutputStream(distribution.resolve("system").resolve(fileName));
             JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.flush();
        }
    }
}
