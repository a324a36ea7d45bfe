package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundlesFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

import io.baseplate.itests.sandbox.SandboxGatewayBundle;
import io.baseplate.testkit.BaseplateOptions;

/**
 * The deploy folder as an operator uses it: jars copied in slowly, replaced, deleted, broken, and
 * changed while the watcher was not running. Each test deploys its own gateway plugins, built with
 * TinyBundles, under names and currencies of its own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployFolderIT extends BaseplateTestSupport {

    private static final String ADMIN_BUNDLE = "io.baseplate.admin";

    /** Many times the watcher's quiet time (50 ms): long enough for it to have acted, had it wanted to. */
    private static final long WELL_PAST_QUIET_MILLIS = 1_500;

    @Inject
    private TinyBundlesFactory tinyBundles;

    @Override
    protected Option[] additionalOptions() {
        return tinyBundlesInContainer();
    }

    @Test
    public void aJarCopiedInSlowlyIsInstalledOnceItIsCompleteAndUninstalledWhenDeleted() throws Exception {
        byte[] jar = gateway("it.deploy.slow", "1.0.0", "slow-copy", "ISK");
        Path file = deployDir().resolve("slow-copy.jar");
        String location = file.toUri().toString();
        BundleEvents events = BundleEvents.of(location);
        context.addBundleListener(events);
        try {
            int half = jar.length / 2;
            Files.write(file, Arrays.copyOf(jar, half));
            assertFalse("half a jar was installed", events.installed.await(WELL_PAST_QUIET_MILLIS, TimeUnit.MILLISECONDS));
            assertNull(context.getBundle(location));

            Files.write(file, Arrays.copyOfRange(jar, half, jar.length), StandardOpenOption.APPEND);
            awaitGateway("slow-copy", CHANGE_VISIBLE);
            Bundle bundle = context.getBundle(location);
            assertNotNull(bundle);
            assertEquals(Bundle.ACTIVE, bundle.getState());
            assertEquals("installed once, from the whole jar, never updated",
                    List.of(BundleEvent.INSTALLED), events.lifecycle());
            String tenantKey = newTenantKey();
            api.enableSandboxGateway(tenantKey, "slow-copy");
            assertCaptured(pay(tenantKey, "ISK"), "slow-copy");

            Files.delete(file);
            awaitCondition("the bundle to be uninstalled", CHANGE_VISIBLE, () -> context.getBundle(location) == null);
            assertEquals(List.of(), gatewayServices("slow-copy"));
            assertUnserved(pay(newTenantKey(), "ISK"), "ISK");
        } finally {
            context.removeBundleListener(events);
            Files.deleteIfExists(file);
        }
    }

    @Test
    public void aJarReplacedByAnotherUpdatesTheSameBundleInPlace() throws Exception {
        Path file = deployDir().resolve("replaced.jar");
        String tenantKey = newTenantKey();
        try {
            renameInto(file, gateway("it.deploy.replaced", "1.0.0", "replaced-1", "THB"));
            Bundle first = awaitGateway("replaced-1", CHANGE_VISIBLE).getBundle();
            assertEquals(file.toUri().toString(), first.getLocation());

            renameInto(file, gateway("it.deploy.replaced", "2.0.0", "replaced-2", "THB", "ZAR"));
            Bundle second = awaitGateway("replaced-2", CHANGE_VISIBLE).getBundle();
            assertEquals("updated in place, not reinstalled", first.getBundleId(), second.getBundleId());
            assertEquals("2.0.0", second.getVersion().toString());
            assertEquals(List.of(), gatewayServices("replaced-1"));
            api.enableSandboxGateway(tenantKey, "replaced-2");
            assertCaptured(pay(tenantKey, "ZAR"), "replaced-2");
        } finally {
            Files.deleteIfExists(file);
        }
        awaitCondition("replaced-2 to be gone", CHANGE_VISIBLE, () -> gatewayServices("replaced-2").isEmpty());
        assertThat(api.gatewayIds(tenantKey), not(hasItem("replaced-2")));
    }

    @Test
    public void aBrokenJarIsLeftAloneAndTheWatcherCarriesOn() throws Exception {
        Path broken = deployDir().resolve("broken.jar");
        Path good = deployDir().resolve("after-broken.jar");
        try {
            Files.writeString(broken, "this is not a jar");
            renameInto(good, gateway("it.deploy.after-broken", "1.0.0", "after-broken", "NOK"));
            awaitGateway("after-broken", CHANGE_VISIBLE);
            assertNull(context.getBundle(broken.toUri().toString()));
        } finally {
            Files.deleteIfExists(broken);
            Files.deleteIfExists(good);
        }
        awaitCondition("after-broken to be gone", CHANGE_VISIBLE, () -> gatewayServices("after-broken").isEmpty());
    }

    @Test
    public void aBundleThatCouldNotStartStartsOnceWhatItNeedsIsDeployed() throws Exception {
        Path plugin = deployDir().resolve("needs-library.jar");
        Path library = deployDir().resolve("library.jar");
        String location = plugin.toUri().toString();
        try {
            byte[] needsLibrary;
            try (InputStream in = SandboxGatewayBundle.buildImporting(tinyBundles, "it.deploy.library;version=\"[1,2)\"",
                    "it.deploy.needs-library", "1.0.0", "needs-library", "DKK")) {
                needsLibrary = in.readAllBytes();
            }
            renameInto(plugin, needsLibrary);
            awaitCondition("the plugin to be installed", CHANGE_VISIBLE, () -> context.getBundle(location) != null);
            assertEquals("it cannot resolve yet", Bundle.INSTALLED, context.getBundle(location).getState());

            byte[] libraryJar;
            try (InputStream in = tinyBundles.bundle()
                    .setHeader("Bundle-ManifestVersion", "2")
                    .setHeader("Bundle-SymbolicName", "it.deploy.library")
                    .setHeader("Bundle-Version", "1.0.0")
                    .setHeader("Export-Package", "it.deploy.library;version=1.0.0")
                    .build(tinyBundles.rawBuilder())) {
                libraryJar = in.readAllBytes();
            }
            renameInto(library, libraryJar);
            awaitGateway("needs-library", CHANGE_VISIBLE);
            assertEquals(Bundle.ACTIVE, context.getBundle(location).getState());
        } finally {
            Files.deleteIfExists(plugin);
            Files.deleteIfExists(library);
        }
        awaitCondition("needs-library to be gone", CHANGE_VISIBLE, () -> gatewayServices("needs-library").isEmpty());
        awaitCondition("both bundles to be uninstalled", CHANGE_VISIBLE, () -> context.getBundle(location) == null
                && context.getBundle(library.toUri().toString()) == null);
    }

    /**
     * What the watcher finds when it starts, as after a restart of the platform: a jar deleted while it
     * was not running has its bundle uninstalled, a jar added meanwhile is installed.
     */
    @Test
    public void changesMadeWhileTheWatcherWasStoppedAreReconciledWhenItStarts() throws Exception {
        Path deleted = deployDir().resolve("deleted-while-down.jar");
        Path added = deployDir().resolve("added-while-down.jar");
        Bundle admin = Arrays.stream(context.getBundles())
                .filter(bundle -> ADMIN_BUNDLE.equals(bundle.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + ADMIN_BUNDLE));
        try {
            renameInto(deleted, gateway("it.deploy.deleted-while-down", "1.0.0", "deleted-while-down", "PLN"));
            long deletedId = awaitGateway("deleted-while-down", CHANGE_VISIBLE).getBundle().getBundleId();

            admin.stop();
            try {
                Files.delete(deleted);
                renameInto(added, gateway("it.deploy.added-while-down", "1.0.0", "added-while-down", "CZK"));
                assertNotNull("nothing watches the folder now", context.getBundle(deletedId));
            } finally {
                admin.start();
            }

            awaitGateway("added-while-down", CHANGE_VISIBLE);
            assertEquals(added.toUri().toString(), context.getBundle(added.toUri().toString()).getLocation());
            awaitCondition("the bundle of the deleted jar to be uninstalled", CHANGE_VISIBLE,
                    () -> context.getBundle(deletedId) == null);
            assertEquals(List.of(), gatewayServices("deleted-while-down"));
        } finally {
            Files.deleteIfExists(deleted);
            Files.deleteIfExists(added);
        }
        awaitCondition("added-while-down to be gone", CHANGE_VISIBLE, () -> gatewayServices("added-while-down").isEmpty());
    }

    private byte[] gateway(String symbolicName, String version, String gatewayId, String... currencies) throws IOException {
        try (InputStream in = SandboxGatewayBundle.build(tinyBundles, symbolicName, version, gatewayId, currencies)) {
            return in.readAllBytes();
        }
    }

    /** Writes the jar beside the folder, then renames it in (over the old one, if any) in one step. */
    private static void renameInto(Path file, byte[] jar) throws IOException {
        Path staged = Files.write(file.getParent().resolveSibling(file.getFileName() + ".staged"), jar);
        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path deployDir() {
        return Path.of(context.getProperty(BaseplateOptions.DEPLOY_DIR));
    }

    /** The lifecycle events of the bundle at one location, with a latch for its installation. */
    private static final class BundleEvents implements BundleListener {
        final String location;
        final CountDownLatch installed = new CountDownLatch(1);
        final List<Integer> seen = new CopyOnWriteArrayList<>();

        private BundleEvents(String location) {
            this.location = location;
        }

        static BundleEvents of(String location) {
            return new BundleEvents(location);
        }

        @Override
        public void bundleChanged(BundleEvent event) {
            if (location.equals(event.getBundle().getLocation())) {
                seen.add(event.getType());
                if (event.getType() == BundleEvent.INSTALLED) {
                    installed.countDown();
                }
            }
        }

        /** INSTALLED, UPDATED and UNINSTALLED events seen, in order. */
        List<Integer> lifecycle() {
            return seen.stream().filter(type -> type == BundleEvent.INSTALLED || type == BundleEvent.UPDATED
                    || type == BundleEvent.UNINSTALLED).toList();
        }
    }
}
