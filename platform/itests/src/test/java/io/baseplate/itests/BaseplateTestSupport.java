package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.Timeout;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.testkit.BaseplateOptions;

/**
 * What every in-container test shares: one boot of the distribution per test class (configured by
 * {@link BaseplateOptions}), a per-test timeout, the platform's HTTP API once {@code /health} says
 * it is up, and waits that poll or track against a deadline instead of sleeping.
 */
public abstract class BaseplateTestSupport {

    /** Booting every bundle and serving /api takes 3 to 5 s here; the margin covers a busy machine. */
    static final Duration PLATFORM_READY = Duration.ofSeconds(60);

    /** A registry or deploy-folder change reaches HTTP within a few hundred milliseconds; the margin covers a busy machine. */
    static final Duration CHANGE_VISIBLE = Duration.ofSeconds(15);

    /**
     * The gateways features/payments-default.json installs, in the order test tenants enable them: both serve
     * USD, and a tenant's first enabled gateway serves it, so USD goes to stripe and INR to razorpay.
     */
    static final List<String> DEFAULT_FEATURE_GATEWAYS = List.of("stripe", "razorpay");

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    @Rule
    public final Timeout timeout = new Timeout(testTimeoutSeconds(), TimeUnit.SECONDS);

    @Inject
    protected BundleContext context;

    /** How long one test may take; a test class that sends tens of thousands of emails needs longer. */
    protected long testTimeoutSeconds() {
        return 120;
    }

    protected BaseplateApi api;

    @Configuration
    public Option[] configuration() {
        return BaseplateOptions.fromDistribution(Path.of(requiredSystemProperty("baseplate.distribution")))
                .workDirectory(Path.of(requiredSystemProperty("baseplate.it.work")))
                .withOptions(additionalOptions())
                .build();
    }

    /** Options a test class needs beyond the platform, e.g. libraries its tests use in the container. */
    protected Option[] additionalOptions() {
        return new Option[0];
    }

    /** TinyBundles and what it needs in the container, for tests that build bundles; the versions are the ones this pom resolves. */
    protected static Option[] tinyBundlesInContainer() {
        return new Option[] {
            mavenBundle("org.ops4j.pax.tinybundles", "tinybundles").versionAsInProject(),
            mavenBundle("biz.aQute.bnd", "biz.aQute.bndlib").versionAsInProject(),
            mavenBundle("biz.aQute.bnd", "biz.aQute.bnd.util").versionAsInProject(),
            mavenBundle("org.osgi", "org.osgi.service.repository").versionAsInProject(),
            mavenBundle("org.osgi", "org.osgi.service.log").versionAsInProject()
        };
    }

    /**
     * Waits for {@code /health} and for the gateways of the default feature: the admin bundle
     * provisions features alongside the REST runtime's start, so a healthy API does not imply them.
     */
    @Before
    public void connectOncePlatformIsReady() throws Exception {
        api = new BaseplateApi(Integer.parseInt(context.getProperty(BaseplateOptions.HTTP_PORT)),
                context.getProperty(BaseplateOptions.ADMIN_KEY));
        awaitCondition("GET /health to answer 200", PLATFORM_READY, () -> api.healthStatus() == 200);
        for (String gatewayId : DEFAULT_FEATURE_GATEWAYS) {
            awaitGateway(gatewayId, PLATFORM_READY);
        }
    }

    /**
     * Lifts a tenant's per-key rate limit (Config Admin PID {@code io.baseplate.ratelimit}), for tests that put
     * load on the platform with one key: they measure something else than the limit.
     */
    protected void liftRateLimit(String tenantId) throws Exception {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        try {
            org.osgi.service.cm.Configuration limits = context.getService(reference).getConfiguration("io.baseplate.ratelimit", "?");
            Dictionary<String, Object> properties = limits.getProperties() == null ? new Hashtable<>() : limits.getProperties();
            properties.put("tenant." + tenantId + ".permitsPerSecond", "1000000");
            properties.put("tenant." + tenantId + ".burst", "1000000");
            limits.update(properties);
        } finally {
            context.ungetService(reference);
        }
    }

    /** A tenant of its own for one test, so tests of a class never see each other's payments. */
    protected String newTenantKey() {
        return api.newTenantKey("it-" + UUID.randomUUID());
    }

    /** Pays 10.00 in {@code currency} with the sandbox token that is always approved, under a fresh idempotency key. */
    protected BaseplateApi.Reply pay(String tenantKey, String currency) {
        return api.pay(tenantKey, UUID.randomUUID().toString(), 1000, currency, SandboxProcessor.APPROVE);
    }

    protected static void assertCaptured(BaseplateApi.Reply payment, String gatewayId) {
        assertEquals(payment.toString(), 201, payment.status());
        assertEquals(payment.toString(), "CAPTURED", payment.json().path("status").asText());
        assertEquals(payment.toString(), gatewayId, payment.json().path("gateway").asText());
    }

    /** A 422 problem naming the currency: what a payment gets when no registered gateway serves its currency. */
    protected static void assertUnserved(BaseplateApi.Reply payment, String currency) {
        assertEquals(payment.toString(), 422, payment.status());
        assertEquals(payment.toString(), BaseplateApi.PROBLEM_JSON, payment.contentType());
        assertThat(payment.json().path("detail").asText(), containsString(currency));
    }

    /** The jar of a plugin the distribution ships in plugins/ but does not install. */
    protected Path pluginJar(String namePrefix) throws IOException {
        Path plugins = Path.of(context.getProperty(BaseplateOptions.PLUGINS_DIR));
        try (Stream<Path> files = Files.list(plugins)) {
            List<Path> found = files.filter(file -> file.getFileName().toString().startsWith(namePrefix)).toList();
            assertEquals("plugin jars " + namePrefix + "* in " + plugins, 1, found.size());
            return found.get(0);
        }
    }

    /** Copies a jar into the deploy folder in one rename, the way to deploy: the jar appears complete at once. */
    protected Path deploy(Path jar) throws IOException {
        Path deployDir = Path.of(context.getProperty(BaseplateOptions.DEPLOY_DIR));
        Path staged = Files.copy(jar, deployDir.resolveSibling(jar.getFileName() + ".staged"), StandardCopyOption.REPLACE_EXISTING);
        return Files.move(staged, deployDir.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The gateway service registered under {@code gatewayId}, waiting for it up to {@code timeout}. */
    protected ServiceReference<PaymentGateway> awaitGateway(String gatewayId, Duration timeout) throws Exception {
        Filter filter = FrameworkUtil.createFilter("(&(objectClass=" + PaymentGateway.class.getName() + ")("
                + PaymentGateway.GATEWAY_ID + "=" + gatewayId + "))");
        ServiceTracker<PaymentGateway, PaymentGateway> tracker = new ServiceTracker<>(context, filter, null);
        tracker.open();
        try {
            if (tracker.waitForService(timeout.toMillis()) == null) {
                throw new AssertionError("No " + PaymentGateway.class.getSimpleName() + " service with "
                        + PaymentGateway.GATEWAY_ID + "=" + gatewayId + " within " + timeout);
            }
            return tracker.getServiceReference();
        } finally {
            tracker.close();
        }
    }

    /** The gateway services registered under {@code gatewayId} right now. */
    protected List<ServiceReference<PaymentGateway>> gatewayServices(String gatewayId) throws InvalidSyntaxException {
        return List.copyOf(context.getServiceReferences(PaymentGateway.class,
                "(" + PaymentGateway.GATEWAY_ID + "=" + gatewayId + ")"));
    }

    /** The currencies a gateway service declares. */
    protected static List<String> currenciesOf(ServiceReference<PaymentGateway> gateway) {
        return Arrays.asList((String[]) gateway.getProperty(PaymentGateway.CURRENCIES));
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} once {@code timeout} has passed. */
    /** Points the platform's mailer ({@code io.baseplate.mail}) at an SMTP server on this host, and waits until it uses it. */
    protected void pointMailAt(int port, String from) throws Exception {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("host", "127.0.0.1");
            properties.put("port", port);
            properties.put("from", from);
            context.getService(reference).getConfiguration("io.baseplate.mail", "?").update(properties);
        } finally {
            context.ungetService(reference);
        }
        // The mailer's service properties show its configuration once DS has handed it over.
        awaitCondition("the mailer configured for port " + port, CHANGE_VISIBLE, () -> context.getServiceReferences((String) null,
                "(&(objectClass=io.baseplate.notify.email.internal.SmtpMailer)(port=" + port + "))") != null);
    }

    /** Sets one property of the job worker's configuration and waits until the worker runs with it. */
    protected void configureJobWorker(String property, Object value) throws Exception {
        ServiceReference<ConfigurationAdmin> configurations = context.getServiceReference(ConfigurationAdmin.class);
        ServiceReference<ServiceComponentRuntime> runtime = context.getServiceReference(ServiceComponentRuntime.class);
        try {
            context.getService(configurations).getConfiguration("io.baseplate.jobs.worker", "?")
                    .update(new Hashtable<>(Map.of(property, value)));
            ServiceComponentRuntime components = context.getService(runtime);
            Bundle jobs = Arrays.stream(context.getBundles()).filter(bundle -> "io.baseplate.jobs".equals(bundle.getSymbolicName()))
                    .findFirst().orElseThrow(() -> new AssertionError("No jobs bundle"));
            awaitCondition("the job worker to run with " + property + " = " + value, CHANGE_VISIBLE, () -> {
                ComponentDescriptionDTO worker = components.getComponentDescriptionDTO(jobs, "io.baseplate.jobs.internal.JobWorker");
                return worker != null && components.getComponentConfigurationDTOs(worker).stream()
                        .anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE && Objects.deepEquals(value, c.properties.get(property)));
            });
        } finally {
            context.ungetService(configurations);
            context.ungetService(runtime);
        }
    }

    protected static void awaitCondition(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + timeout + " for " + what);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** A system property of the test JVM that failsafe sets; fails naming it when unset. */
    protected static String requiredSystemProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set; failsafe sets it (see pom.xml)");
        }
        return value;
    }
}
