package io.baseplate.persistence.internal;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's one pooled {@link DataSource}, registered with {@value #SERVICE_PROPERTY}={@value #PLATFORM}
 * so platform code selects it with the target {@code (baseplate.datasource=platform)}. It waits for its
 * configuration ({@code config/io.baseplate.database.cfg}), so the database is never opened with
 * settings that config/ would have changed a moment later.
 */
@Component(service = {}, immediate = true, configurationPid = Database.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Database.Config.class)
public class Database {

    static final String PID = "io.baseplate.database";
    static final String SERVICE_PROPERTY = "baseplate.datasource";
    static final String PLATFORM = "platform";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    @ObjectClassDefinition(name = "Baseplate database", description = "The platform's shared connection pool")
    public @interface Config {

        @AttributeDefinition(name = "JDBC URL",
                description = "jdbc:h2:... or jdbc:postgresql://host:port/database. Empty means the embedded H2 file "
                        + "database data/baseplate under baseplate.data.dir, which writes every commit to its file "
                        + "before acknowledging it (WRITE_DELAY=0)")
        String url() default "";

        @AttributeDefinition(name = "User")
        String user() default "sa";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(name = "Maximum connections", min = "1")
        int maxConnections() default 20;

        @AttributeDefinition(name = "Connection timeout (ms)",
                description = "How long a caller waits for a free connection before its operation fails", min = "250")
        long connectionTimeoutMillis() default 30_000;
    }

    private HikariDataSource pool;
    private ServiceRegistration<DataSource> registration;

    @Activate
    void activate(Config config, BundleContext context) {
        String url = config.url().isBlank() ? embeddedUrl(context) : config.url().strip();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("baseplate");
        hikari.setDataSource(driverDataSource(url, config.user(), config.password()));
        hikari.setMaximumPoolSize(config.maxConnections());
        hikari.setConnectionTimeout(config.connectionTimeoutMillis());
        pool = new HikariDataSource(hikari);
        // Registered by hand rather than as the component's service: DS would copy the configuration,
        // password included, into service properties that every bundle can read.
        registration = context.registerService(DataSource.class, pool, new Hashtable<>(Map.of(SERVICE_PROPERTY, PLATFORM)));
        LOG.info("Database ready at {}", withoutParameters(url));
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        pool.close();
    }

    /**
     * The driver's own DataSource for a URL. Not DriverManager: under OSGi it sees only drivers that the
     * calling bundle's class loader can load, and the drivers live in bundles of their own.
     */
    static DataSource driverDataSource(String url, String user, String password) {
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return h2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            postgres.setUser(user);
            postgres.setPassword(password);
            return postgres;
        }
        throw new IllegalArgumentException("Unsupported database URL " + withoutParameters(url)
                + " in " + PID + ": use jdbc:h2:... or jdbc:postgresql://host:port/database");
    }

    private static String embeddedUrl(BundleContext context) {
        String dataDir = context.getProperty("baseplate.data.dir");
        Path base = Path.of(dataDir == null ? "data" : dataDir).toAbsolutePath();
        // Default H2 locking lets a second process fail fast instead of corrupting the file.
        // WRITE_DELAY=0 writes every commit to the file before the commit returns: by default H2 buffers
        // commits for up to 500 ms, and a killed process lost payments it had already acknowledged.
        return "jdbc:h2:file:" + base.resolve("baseplate") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /** The URL as logged: a PostgreSQL URL may carry a password among its parameters. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
