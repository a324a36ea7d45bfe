package io.baseplate.admin.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot deploy from the folder named by the framework property {@value #DEPLOY_DIR} ({@code deploy/}):
 * a jar created there, or renamed into it, is installed and started; a jar replaced is updated in
 * place (the bundle keeps its id); a jar deleted is uninstalled; packages are refreshed where an old
 * revision is still wired. The folder is watched with the file system's change notification
 * ({@link WatchService}, inotify on Linux): one thread blocked until something changes, no polling,
 * so an idle platform spends nothing on it, and a jar renamed in is served within a few tens of
 * milliseconds plus the quiet time.
 *
 * <p>A jar copied in slowly is not installed half-written: a name is acted on once no change has
 * touched it for the quiet time ({@code settleMillis}), its size and time are the same as at its last
 * change, and it opens as a complete zip (the central directory is written last). A file that does
 * not is logged once and left alone until it changes; the watcher carries on.
 *
 * <p>At start the folder is reconciled with the bundles installed from it (recognised by their
 * {@code file:} location in the folder): jars without their bundle are installed, changed ones
 * updated, bundles whose jar was deleted while the platform was down are uninstalled. The fingerprint
 * of the file each bundle came from is kept in this bundle's data area for that.
 *
 * <p>All framework work happens on the watcher's own thread, never in a DS callback. Configuration
 * files in {@code config/} stay with Felix FileInstall, which maps them to Config Admin.
 */
@Component(immediate = true, configurationPid = DeployWatcher.PID)
@Designate(ocd = DeployWatcher.Config.class)
public class DeployWatcher {

    static final String PID = "io.baseplate.deploy";

    /** Framework property: the folder to watch; the launcher sets it to {@code <home>/deploy}. Unset: no folder is watched. */
    static final String DEPLOY_DIR = "baseplate.deploy.dir";

    static final String STATE_FILE = "deploy-state.properties";

    private static final Logger LOG = LoggerFactory.getLogger(DeployWatcher.class);
    private static final long REFRESH_TIMEOUT_SECONDS = 30;
    private static final long STOP_WAIT_MILLIS = 5_000;

    @ObjectClassDefinition(name = "Baseplate deploy folder", description = "Hot deploy of the jars in deploy/")
    public @interface Config {

        @AttributeDefinition(name = "Quiet time (ms)", min = "0",
                description = "A jar is installed, updated or uninstalled once no change has touched it for this long "
                        + "(and, to be installed, it opens as a complete zip), so that a jar being copied is never "
                        + "installed half-written")
        long settleMillis() default 50;
    }

    private final BundleContext context;
    private final DeployFolder folder;
    private final WatchService watchService;
    private final Thread thread;
    private final QuietWindow window;
    /** The fingerprint a name had at its last change: it must still have it when its quiet time ends. */
    private final Map<String, Optional<Fingerprint>> atLastChange = new HashMap<>();
    /** name -> fingerprint of the file its bundle was installed from, or that failed to install. */
    private final Properties recorded = new Properties();
    private final Set<String> reportedIncomplete = new HashSet<>();
    /** Bundles from the folder that did not start (unresolved, say): tried again after each change. */
    private final Set<Long> unstarted = new LinkedHashSet<>();
    private volatile boolean closed;

    @Activate
    public DeployWatcher(BundleContext context, Config config) throws IOException {
        this.context = context;
        this.window = new QuietWindow(TimeUnit.MILLISECONDS.toNanos(config.settleMillis()));
        String directory = context.getProperty(DEPLOY_DIR);
        if (directory == null || directory.isBlank()) {
            LOG.info("No framework property {}: no deploy folder is watched", DEPLOY_DIR);
            this.folder = null;
            this.watchService = null;
            this.thread = null;
            return;
        }
        this.folder = new DeployFolder(Path.of(directory.strip()));
        Files.createDirectories(folder.directory());
        loadState();
        // Registered before the first scan, so that nothing dropped in between goes unseen.
        this.watchService = folder.directory().getFileSystem().newWatchService();
        folder.directory().register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        this.thread = new Thread(this::run, "baseplate-deploy-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (thread == null) {
            return;
        }
        closed = true;
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.warn("Closing the watch of {} failed: {}", folder.directory(), e.toString());
        }
        // Never interrupted: a bundle it is starting may be inside JDBC (migrations), which an interrupt breaks.
        if (Thread.currentThread() != thread) {
            thread.join(STOP_WAIT_MILLIS);
        }
    }

    private void run() {
        LOG.info("Watching {} for bundles to deploy", folder.directory());
        try {
            try {
                reconcileAll();
            } catch (IOException e) {
                LOG.warn("{} could not be read at start: {}", folder.directory(), e.toString());
            }
            while (!closed) {
                OptionalLong wait = window.nanosUntilNextDue(System.nanoTime());
                WatchKey key = wait.isPresent() ? watchService.poll(wait.getAsLong(), TimeUnit.NANOSECONDS)
                        : watchService.take();
                try {
                    if (key != null && !collect(key)) {
                        return;
                    }
                    actOnQuietNames();
                } catch (IOException e) {
                    // a file that vanished or could not be read meanwhile: its next change brings it back
                    LOG.warn("Reading {} failed: {}", folder.directory(), e.toString());
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException stopping) {
            // deactivated
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("The deploy watcher of {} stopped: jars dropped there are not deployed until the platform "
                        + "restarts", folder.directory(), e);
            }
        }
    }

    /** Brings the bundles installed from the folder in line with its jars, as at start. */
    private void reconcileAll() throws IOException {
        Changes changes = new Changes();
        for (String name : knownNames()) {
            try {
                apply(name, Fingerprint.of(folder.fileOf(name)), changes);
            } catch (IOException e) {
                LOG.warn("{} could not be read: {}; it is looked at again when it changes", folder.fileOf(name),
                        e.toString());
            }
        }
        finish(changes);
    }

    /** Notes the changed names of one watch key; false when the folder can no longer be watched. */
    private boolean collect(WatchKey key) throws IOException {
        long now = System.nanoTime();
        boolean valid;
        try {
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == OVERFLOW) {
                    // Changes were lost: every name is looked at again, after the quiet time.
                    for (String name : knownNames()) {
                        touch(name, now);
                    }
                } else if (event.context() instanceof Path changed && DeployFolder.isDeployable(changed.toString())) {
                    touch(changed.toString(), now);
                }
            }
        } finally {
            // Always: a key not reset never reports again.
            valid = key.reset();
        }
        if (!valid) {
            LOG.error("{} can no longer be watched (was it deleted?): jars dropped there are not deployed until the "
                    + "platform restarts", folder.directory());
        }
        return valid;
    }

    /** Restarts the quiet time of {@code name}, noting what the file looks like now. */
    private void touch(String name, long now) {
        Optional<Fingerprint> fingerprint;
        try {
            fingerprint = Fingerprint.of(folder.fileOf(name));
        } catch (IOException unreadable) {
            fingerprint = Optional.empty(); // if it is there after all, it is looked at again after the next quiet time
        }
        atLastChange.put(name, fingerprint);
        window.touch(name, now);
    }

    private void actOnQuietNames() {
        List<String> due = window.takeDue(System.nanoTime());
        if (due.isEmpty()) {
            return;
        }
        Changes changes = new Changes();
        for (String name : due) {
            Optional<Fingerprint> now;
            try {
                now = Fingerprint.of(folder.fileOf(name));
            } catch (IOException e) {
                LOG.warn("{} could not be read: {}; it is looked at again when it changes", folder.fileOf(name),
                        e.toString());
                atLastChange.remove(name);
                continue;
            }
            if (!now.equals(atLastChange.remove(name))) {
                // Changed without an event reaching us (yet): wait for it to keep still.
                touch(name, System.nanoTime());
                continue;
            }
            apply(name, now, changes);
        }
        finish(changes);
    }

    /** The names of the jars in the folder, of the bundles installed from it, and of those recorded. */
    private Set<String> knownNames() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder.directory())) {
            files.map(file -> file.getFileName().toString()).filter(DeployFolder::isDeployable).forEach(names::add);
        }
        for (Bundle bundle : context.getBundles()) {
            folder.nameOf(bundle.getLocation()).ifPresent(names::add);
        }
        names.addAll(recorded.stringPropertyNames());
        return names;
    }

    private void apply(String name, Optional<Fingerprint> onDisk, Changes changes) {
        Path file = folder.fileOf(name);
        Bundle bundle = context.getBundle(folder.locationOf(name));
        DeployAction action = DeployAction.decide(onDisk, bundle != null,
                Fingerprint.parse(recorded.getProperty(name)));
        if (onDisk.isEmpty()) {
            reportedIncomplete.remove(name);
            changes.stateChanged |= recorded.remove(name) != null;
        }
        try {
            switch (action) {
                case NONE -> { }
                case UNINSTALL -> uninstall(file, bundle, changes);
                case INSTALL, UPDATE -> {
                    Optional<String> problem = JarCheck.problem(file);
                    if (problem.isPresent()) {
                        if (reportedIncomplete.add(name)) {
                            LOG.warn("{} is not deployed: {}. It will be once it changes into a complete jar.", file,
                                    problem.get());
                        }
                        return;
                    }
                    reportedIncomplete.remove(name);
                    // Recorded before acting, so a jar that fails to install is tried again only once it changes.
                    recorded.setProperty(name, onDisk.get().format());
                    changes.stateChanged = true;
                    if (bundle == null) {
                        install(file, name, changes);
                    } else {
                        update(file, bundle, changes);
                    }
                }
            }
        } catch (RuntimeException e) {
            // e.g. the bundle was uninstalled by someone else meanwhile; the other names still count
            if (!closed) {
                LOG.error("{}: {} failed", file, action, e);
            }
        }
    }

    private void install(Path file, String name, Changes changes) {
        long started = System.nanoTime();
        Bundle bundle;
        try (InputStream in = Files.newInputStream(file)) {
            bundle = context.installBundle(folder.locationOf(name), in);
        } catch (BundleException | IOException e) {
            LOG.error("{} could not be installed: {}", file, e.getMessage());
            return;
        }
        changes.installedOrUpdated = true;
        boolean active = start(bundle);
        LOG.info("Deployed {}: {} {} (bundle {}) {} in {} ms", file, bundle.getSymbolicName(), bundle.getVersion(),
                bundle.getBundleId(), active ? "installed and started" : "installed", millisSince(started));
    }

    private void update(Path file, Bundle bundle, Changes changes) {
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            bundle.update(in);
        } catch (BundleException | IOException e) {
            LOG.error("{} changed but bundle {} could not be updated from it: {}", file, bundle.getBundleId(),
                    e.getMessage());
            return;
        }
        changes.installedOrUpdated = true;
        changes.toRefresh.add(bundle);
        if (bundle.getState() != Bundle.ACTIVE) {
            start(bundle);
        }
        LOG.info("Updated bundle {} in place from {}: now {} {} in {} ms", bundle.getBundleId(), file,
                bundle.getSymbolicName(), bundle.getVersion(), millisSince(started));
    }

    private void uninstall(Path file, Bundle bundle, Changes changes) {
        long started = System.nanoTime();
        try {
            bundle.uninstall();
        } catch (BundleException e) {
            LOG.error("{} was deleted but bundle {} could not be uninstalled: {}", file, bundle.getBundleId(),
                    e.getMessage());
            return;
        }
        unstarted.remove(bundle.getBundleId());
        changes.toRefresh.add(bundle);
        LOG.info("Undeployed {}: {} {} (bundle {}) uninstalled in {} ms", file, bundle.getSymbolicName(),
                bundle.getVersion(), bundle.getBundleId(), millisSince(started));
    }

    /** Starts a bundle unless it is a fragment; true when it is active. */
    private boolean start(Bundle bundle) {
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return false;
        }
        try {
            bundle.start();
            unstarted.remove(bundle.getBundleId());
            return true;
        } catch (BundleException e) {
            if (unstarted.add(bundle.getBundleId())) {
                LOG.warn("Bundle {} from {} did not start: {}. It is tried again when the deploy folder changes.",
                        bundle.getSymbolicName(), bundle.getLocation(), e.getMessage());
            }
            return false;
        }
    }

    /** Refreshes what needs it, retries the bundles that did not start, saves the state. */
    private void finish(Changes changes) {
        try {
            refreshAndRetry(changes);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("Refreshing or starting the bundles of {} failed", folder.directory(), e);
            }
        }
        if (changes.stateChanged || changes.installedOrUpdated || !changes.toRefresh.isEmpty()) {
            saveState();
        }
    }

    private void refreshAndRetry(Changes changes) {
        refresh(changes.toRefresh);
        if (changes.installedOrUpdated || !changes.toRefresh.isEmpty()) {
            for (Long id : new ArrayList<>(unstarted)) {
                Bundle bundle = context.getBundle(id);
                if (bundle == null || bundle.getState() == Bundle.UNINSTALLED) {
                    unstarted.remove(id);
                } else if (start(bundle)) {
                    LOG.info("Bundle {} from {} started now", bundle.getSymbolicName(), bundle.getLocation());
                }
            }
        }
    }

    /**
     * Refreshes the bundles updated or uninstalled whose old revision is still wired to another
     * bundle (Felix drops an unused old revision by itself), and waits for the refresh to end, so the
     * next change starts from a settled framework.
     */
    private void refresh(List<Bundle> changed) {
        if (changed.isEmpty()) {
            return;
        }
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        Set<Long> pending = new HashSet<>();
        wiring.getRemovalPendingBundles().forEach(bundle -> pending.add(bundle.getBundleId()));
        List<Bundle> toRefresh = changed.stream().filter(bundle -> pending.contains(bundle.getBundleId())).toList();
        if (toRefresh.isEmpty()) {
            return;
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(toRefresh, event -> refreshed.countDown());
        try {
            if (!refreshed.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Refreshing {} bundle(s) did not end within {} s", toRefresh.size(), REFRESH_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loadState() {
        File file = context.getDataFile(STATE_FILE);
        if (file == null || !file.isFile()) {
            return;
        }
        try (Reader reader = Files.newBufferedReader(file.toPath())) {
            recorded.load(reader);
        } catch (IOException e) {
            LOG.warn("{} could not be read ({}): every jar in {} is taken as changed", file, e.toString(),
                    folder.directory());
        }
    }

    private void saveState() {
        File file = context.getDataFile(STATE_FILE);
        if (file == null) {
            return;
        }
        try (Writer writer = Files.newBufferedWriter(file.toPath())) {
            recorded.store(writer, "Baseplate deploy watcher: the file each bundle of " + folder.directory() + " came from");
        } catch (IOException e) {
            LOG.warn("{} could not be written: {}", file, e.toString());
        }
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** What one round of changes did, for {@link #finish(Changes)}. */
    private static final class Changes {
        final List<Bundle> toRefresh = new ArrayList<>();
        boolean installedOrUpdated;
        boolean stateChanged;
    }
}
