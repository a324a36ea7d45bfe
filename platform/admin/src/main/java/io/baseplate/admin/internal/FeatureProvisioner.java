package io.baseplate.admin.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.feature.Feature;
import org.osgi.service.feature.FeatureBundle;
import org.osgi.service.feature.FeatureConfiguration;
import org.osgi.service.feature.FeatureService;
import org.osgi.service.feature.ID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the default features at start: every feature named in the framework property
 * {@value #FEATURES} is read from {@code features/<name>.json} (OSGi Feature JSON), its bundles are
 * installed from the distribution's {@code plugins/} folder and started, and its configurations
 * are created in Config Admin unless an administrator already set them. This runs on a thread of its
 * own: installing and starting bundles inside a DS activate method would hold the framework's
 * component runtime while other bundles start.
 */
@Component(immediate = true)
public class FeatureProvisioner {

    static final String FEATURES = "baseplate.features";
    static final String FEATURES_DIR = "baseplate.features.dir";
    static final String PLUGINS_DIR = "baseplate.plugins.dir";

    private static final Logger LOG = LoggerFactory.getLogger(FeatureProvisioner.class);

    @Activate
    public FeatureProvisioner(BundleContext context, @Reference FeatureService features,
                              @Reference ConfigurationAdmin configurations) {
        String names = context.getProperty(FEATURES);
        if (names == null || names.isBlank()) {
            return;
        }
        Thread provisioning = new Thread(() -> provision(context, features, configurations, names),
                "baseplate-feature-provisioning");
        provisioning.setDaemon(true);
        provisioning.start();
    }

    private static void provision(BundleContext context, FeatureService features, ConfigurationAdmin configurations,
                                  String names) {
        try {
            Path featuresDir = Path.of(required(context, FEATURES_DIR));
            Path pluginsDir = Path.of(required(context, PLUGINS_DIR));
            for (String name : names.split(",")) {
                Feature feature;
                try (Reader reader = Files.newBufferedReader(featuresDir.resolve(name.strip() + ".json"))) {
                    feature = features.readFeature(reader);
                }
                applyConfigurations(feature, configurations);
                List<Bundle> installed = installBundles(context, feature, pluginsDir);
                for (Bundle bundle : installed) {
                    start(bundle);
                }
                LOG.info("Feature {} provisioned: {} bundle(s)", feature.getID(), installed.size());
            }
        } catch (IOException | RuntimeException e) {
            // IllegalStateException too: the admin bundle stopped while provisioning ran.
            LOG.error("Default features could not be provisioned: {}", e.toString());
        }
    }

    private static List<Bundle> installBundles(BundleContext context, Feature feature, Path pluginsDir) {
        List<Bundle> installed = new ArrayList<>();
        for (FeatureBundle featureBundle : feature.getBundles()) {
            ID id = featureBundle.getID();
            Path jar = pluginsDir.resolve(id.getArtifactId() + "-" + id.getVersion() + ".jar");
            String location = jar.toUri().toString();
            try {
                Bundle existing = context.getBundle(location);
                installed.add(existing != null ? existing : context.installBundle(location));
            } catch (BundleException e) {
                LOG.error("Feature {} could not install {} from {}: {}", feature.getID(), id, jar, e.getMessage());
            }
        }
        return installed;
    }

    private static void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException e) {
            LOG.error("Bundle {} did not start: {}", bundle.getSymbolicName(), e.getMessage());
        }
    }

    private static void applyConfigurations(Feature feature, ConfigurationAdmin admin) throws IOException {
        for (FeatureConfiguration featureConfiguration : feature.getConfigurations().values()) {
            Configuration configuration = featureConfiguration.getFactoryPid().isPresent()
                    ? admin.getFactoryConfiguration(featureConfiguration.getFactoryPid().get(),
                            featureConfiguration.getPid().substring(featureConfiguration.getPid().indexOf('~') + 1), "?")
                    : admin.getConfiguration(featureConfiguration.getPid(), "?");
            if (configuration.getProperties() == null) {
                configuration.update(toDictionary(featureConfiguration.getValues()));
            }
        }
    }

    private static Dictionary<String, Object> toDictionary(Map<String, Object> values) {
        return new Hashtable<>(values);
    }

    private static String required(BundleContext context, String property) {
        String value = context.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("Framework property " + property + " is not set; the launcher sets it");
        }
        return value;
    }

}
