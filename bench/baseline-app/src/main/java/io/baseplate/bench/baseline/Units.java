package io.baseplate.bench.baseline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
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

/**
 * Builds the EntityManagerFactory with the platform's settings (core's EntityManagerFactories): the
 * listed classes only, no persistence.xml, no weaving, no DDL, no shared cache, SEVERE logging,
 * H2Platform by class name. One unit holds all four entities; the platform has one per bundle.
 */
final class Units {

    private static final URLStreamHandler EMPTY_ROOT = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            throw new FileNotFoundException(url.toString());
        }
    };

    private Units() {
    }

    static EntityManagerFactory create(String unitName, DataSource dataSource) {
        ClassLoader classLoader = Units.class.getClassLoader();
        List<String> classes = List.of(TenantEntity.class.getName(), ApiKeyEntity.class.getName(),
                PaymentEntity.class.getName(), JobEntity.class.getName(), InstantConverter.class.getName());
        Map<String, Object> properties = new HashMap<>();
        properties.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
        properties.put(PersistenceUnitProperties.CLASSLOADER, classLoader);
        properties.put(PersistenceUnitProperties.SESSION_NAME, unitName);
        properties.put(PersistenceUnitProperties.WEAVING, "false");
        properties.put(PersistenceUnitProperties.CACHE_SHARED_DEFAULT, "false");
        properties.put(PersistenceUnitProperties.DDL_GENERATION, PersistenceUnitProperties.NONE);
        properties.put(PersistenceUnitProperties.LOGGING_LEVEL, "SEVERE");
        properties.put(PersistenceUnitProperties.LOGGING_PARAMETERS, "false");
        properties.put(PersistenceUnitProperties.TARGET_DATABASE, H2Platform.class.getName());
        return new PersistenceProvider().createContainerEntityManagerFactory(
                new Unit(unitName, dataSource, classLoader, classes), properties);
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

        @Override
        public URL getPersistenceUnitRootUrl() {
            try {
                return new URL(null, "baseline-unit:/" + name + "/", EMPTY_ROOT);
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
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
        }

        @Override
        public ClassLoader getNewTempClassLoader() {
            return classLoader;
        }
    }
}
