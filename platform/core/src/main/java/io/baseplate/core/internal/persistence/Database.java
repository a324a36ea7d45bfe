package io.baseplate.core.internal.persistence;

import java.nio.file.Path;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's one pooled {@link DataSource}. The schema is brought up to date by the versioned
 * scripts in {@code db/migration} before the service is registered, so every consumer sees a
 * migrated database.
 */
@Component(service = DataSource.class, immediate = true, configurationPid = Database.PID)
@Designate(ocd = Database.Config.class)
public class Database extends DelegatingDataSource {

    public static final String PID = "io.baseplate.database";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    @ObjectClassDefinition(name = "Baseplate database", description = "The platform's shared connection pool")
    public @interface Config {

        @AttributeDefinition(name = "JDBC URL",
                description = "Empty means the embedded H2 file database data/baseplate under baseplate.data.dir, "
                        + "which writes every commit to its file before acknowledging it (WRITE_DELAY=0)")
        String url() default "";

        @AttributeDefinition(name = "User")
        String user() default "sa";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(name = "Maximum connections", min = "1")
        int maxConnections() default 20;
    }

    private JdbcConnectionPool pool;

    @Activate
    void activate(Config config, BundleContext context) throws SQLException {
        String url = config.url().isBlank() ? embeddedUrl(context) : config.url();
        pool = JdbcConnectionPool.create(url, config.user(), config.password());
        pool.setMaxConnections(config.maxConnections());
        setDelegate(pool);
        int applied = new SchemaMigrator(pool, Database.class.getClassLoader()).migrate();
        LOG.info("Database ready at {} ({} migration(s) applied)", url, applied);
    }

    @Deactivate
    void deactivate() {
        pool.dispose();
    }

    private static String embeddedUrl(BundleContext context) {
        String dataDir = context.getProperty("baseplate.data.dir");
        Path base = Path.of(dataDir == null ? "data" : dataDir).toAbsolutePath();
        // Default H2 locking lets a second process fail fast instead of corrupting the file.
        // WRITE_DELAY=0 writes every commit to the file before the commit returns: by default H2 buffers
        // commits for up to 500 ms, and a killed process lost payments it had already acknowledged.
        return "jdbc:h2:file:" + base.resolve("baseplate") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }
}
