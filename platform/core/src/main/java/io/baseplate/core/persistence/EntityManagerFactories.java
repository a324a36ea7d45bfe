package io.baseplate.core.persistence;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;

import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.eclipse.persistence.platform.database.H2Platform;
import org.eclipse.persistence.platform.database.PostgreSQLPlatform;

/**
 * Builds EclipseLink EntityManagerFactories the way the platform runs them: over a given DataSource,
 * with the listed classes only, no persistence.xml, no weaving, no generated DDL (migrations own the
 * schema), no cache shared between transactions, and {@link InstantConverter} applied to every
 * {@code Instant}. Deployment is lazy: the first EntityManager logs in, not the factory's creation.
 */
public final class EntityManagerFactories {

    /** Opens nothing: the unit root has no entries. */
    private static final URLStreamHandler EMPTY_ROOT = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            throw new FileNotFoundException(url.toString());
        }
    };

    private EntityManagerFactories() {
    }

    /**
     * @param unitName     the unit's name; also EclipseLink's session name, which it caches by: make it unique
     * @param dataSource   the connections
     * @param classLoader  loads the managed classes and {@link InstantConverter}
     * @param managedClassNames the entity classes
     */
    public static EntityManagerFactory create(String unitName, DataSource dataSource, ClassLoader classLoader,
                                              List<String> managedClassNames) {
        List<String> classes = new ArrayList<>(managedClassNames);
        classes.add(InstantConverter.class.getName());
        Map<String, Object> properties = new HashMap<>();
        properties.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
        properties.put(PersistenceUnitProperties.CLASSLOADER, classLoader);
        properties.put(PersistenceUnitProperties.SESSION_NAME, unitName);
        properties.put(PersistenceUnitProperties.WEAVING, "false");
        // Every read goes to the database: with several nodes on one PostgreSQL, a cache shared across
        // transactions would answer with what this node saw last (a payment still PENDING on another node).
        properties.put(PersistenceUnitProperties.CACHE_SHARED_DEFAULT, "false");
        properties.put(PersistenceUnitProperties.DDL_GENERATION, PersistenceUnitProperties.NONE);
        // A failed statement is reported to the caller by exception; EclipseLink's own WARNING log
        // would repeat it with its SQL and bound values (tenant ids, idempotency keys).
        properties.put(PersistenceUnitProperties.LOGGING_LEVEL, "SEVERE");
        properties.put(PersistenceUnitProperties.LOGGING_PARAMETERS, "false");
        properties.put(PersistenceUnitProperties.TARGET_DATABASE, targetDatabase(dataSource));
        return new PersistenceProvider().createContainerEntityManagerFactory(
                new Unit(unitName, dataSource, classLoader, classes), properties);
    }

    private static String targetDatabase(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            // Class names, not EclipseLink's short aliases: the alias lookup fails under OSGi class loading.
            return DatabaseProducts.isPostgreSQL(connection) ? PostgreSQLPlatform.class.getName() : H2Platform.class.getName();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database: " + e.getMessage(), e);
        }
    }

    private record Unit(String name, DataSource dataSource, ClassLoader classLoader, List<String> classes)
            implements PersistenceUnitInfo {

        @Override
        public String getPersistenceUnitName() {
            return name;
        }

        @Override
        public String getPersistenceProviderClassName() {
            return PersistenceProvider.class.getName();
        }

        @Override
        public PersistenceUnitTransactionType getTransactionType() {
            return PersistenceUnitTransactionType.RESOURCE_LOCAL;
        }

        @Override
        public DataSource getJtaDataSource() {
            return null;
        }

        @Override
        public DataSource getNonJtaDataSource() {
            return dataSource;
        }

        @Override
        public List<String> getMappingFileNames() {
            return List.of();
        }

        @Override
        public List<URL> getJarFileUrls() {
            return List.of();
        }

        /**
         * EclipseLink keys units by this URL and looks for mapping files under it. The unit has none,
         * and its classes are all listed, so the URL names the unit and holds nothing.
         */
        @Override
        public URL getPersistenceUnitRootUrl() {
            try {
                return new URL(null, "baseplate-unit:/" + name + "/", EMPTY_ROOT);
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("Unit name unusable in a URL: " + name, e);
            }
        }

        @Override
        public List<String> getManagedClassNames() {
            return classes;
        }

        @Override
        public boolean excludeUnlistedClasses() {
            return true;
        }

        @Override
        public SharedCacheMode getSharedCacheMode() {
            return SharedCacheMode.UNSPECIFIED;
        }

        @Override
        public ValidationMode getValidationMode() {
            return ValidationMode.NONE;
        }

        @Override
        public Properties getProperties() {
            return new Properties();
        }

        @Override
        public String getPersistenceXMLSchemaVersion() {
            return "3.0";
        }

        @Override
        public ClassLoader getClassLoader() {
            return classLoader;
        }

        @Override
        public void addTransformer(ClassTransformer transformer) {
            // Weaving is off: there is nothing to transform.
        }

        @Override
        public ClassLoader getNewTempClassLoader() {
            return classLoader;
        }
    }
}
