package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundlesFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.itests.notes.NoteV1;
import io.baseplate.itests.notes.NoteV2;
import io.baseplate.itests.notes.NotesV1;
import io.baseplate.itests.notes.NotesV2;

/**
 * A plugin brings its own table: a bundle built in the test declares one tenant-owned entity and its
 * migrations, and the host migrates, isolates, upgrades and keeps its data across uninstall, and
 * refuses a version whose applied migration was edited while the platform keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PersistentPluginIT extends BaseplateTestSupport {

    private static final String NOTES_BUNDLE = "io.baseplate.itests.notes-plugin";
    private static final String REFUSED_TOPIC = "io/baseplate/persistence/REFUSED";
    private static final String V1_SCRIPT = "CREATE TABLE IT_NOTES (\n"
            + "    ID        VARCHAR(36)  PRIMARY KEY,\n"
            + "    TENANT_ID VARCHAR(36)  NOT NULL,\n"
            + "    TEXT      VARCHAR(200) NOT NULL\n"
            + ");\n";
    private static final String V2_SCRIPT = "ALTER TABLE IT_NOTES ADD COLUMN LABEL VARCHAR(20) DEFAULT 'v1' NOT NULL;\n";

    @Inject
    private TinyBundlesFactory tinyBundles;

    @Override
    protected Option[] additionalOptions() {
        return tinyBundlesInContainer();
    }

    @Test
    public void aPluginsTableIsIsolatedUpgradedKeptAcrossReinstallAndGuardedAgainstEditedMigrations() throws Exception {
        Bundle plugin = context.installBundle("tinybundles:" + NOTES_BUNDLE, notesV1());
        plugin.start();
        assertEquals(List.of("a-first"), notes(1).apply("tenant-a", "a-first"));
        assertEquals(List.of("a-first", "a-second"), notes(1).apply("tenant-a", "a-second"));
        assertEquals("tenant B cannot read tenant A's rows", List.of(), notes(1).apply("tenant-b", null));
        assertEquals(List.of("b-only"), notes(1).apply("tenant-b", "b-only"));

        plugin.update(notesV2(V1_SCRIPT));
        assertEquals("the old rows survive the second migration, with its default label",
                List.of("a-first/v1", "a-second/v1", "a-third/v2"), notes(2).apply("tenant-a", "a-third"));
        assertEquals(List.of("b-only/v1"), notes(2).apply("tenant-b", null));

        plugin.uninstall();
        awaitCondition("the notes service to go with its bundle", CHANGE_VISIBLE, () -> notesServices().isEmpty());
        plugin = context.installBundle("tinybundles:" + NOTES_BUNDLE, notesV2(V1_SCRIPT));
        plugin.start();
        assertEquals("a reinstalled plugin sees its rows again",
                List.of("a-first/v1", "a-second/v1", "a-third/v2"), notes(2).apply("tenant-a", null));
        plugin.uninstall();

        BlockingQueue<Event> refusals = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, REFUSED_TOPIC);
        ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, refusals::add, topic);
        try {
            Bundle edited = context.installBundle("tinybundles:" + NOTES_BUNDLE, notesV2(V1_SCRIPT.replace("200", "300")));
            edited.start();
            Event refusal = refusals.poll(CHANGE_VISIBLE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull("no refusal was announced for the edited migration", refusal);
            assertEquals(NOTES_BUNDLE, refusal.getProperty("bundle.symbolicName"));
            String message = String.valueOf(refusal.getProperty("message"));
            assertTrue("the refusal names the edited script: " + message, message.contains("V1__notes.sql"));
            awaitCondition("the refused plugin to be stopped", CHANGE_VISIBLE, () -> edited.getState() != Bundle.ACTIVE);
            assertTrue("a refused plugin registers nothing", notesServices().isEmpty());
            assertEquals(200, api.healthStatus());
            assertCaptured(pay(newTenantKey(), "INR"), "razorpay");
            edited.uninstall();
        } finally {
            listener.unregister();
        }
    }

    /** The notes service of that plugin version, once it is registered. */
    @SuppressWarnings("unchecked")
    private BiFunction<String, String, List<String>> notes(int version) throws Exception {
        awaitCondition("notes plugin version " + version + " to register its service", CHANGE_VISIBLE,
                () -> notesServices().stream().anyMatch(ref -> Integer.valueOf(version).equals(ref.getProperty("notes.version"))));
        ServiceReference<?> reference = notesServices().get(0);
        return (BiFunction<String, String, List<String>>) context.getService(reference);
    }

    private List<ServiceReference<?>> notesServices() throws Exception {
        ServiceReference<?>[] found = context.getAllServiceReferences(BiFunction.class.getName(), "(notes.version=*)");
        return found == null ? List.of() : List.of(found);
    }

    private InputStream notesV1() {
        return notesPlugin("1.0.0", 1, NotesV1.class, NoteV1.class, V1_SCRIPT).build(tinyBundles.rawBuilder());
    }

    /** Version 2 adds a label column by a second migration; {@code firstScript} is what it ships as its first. */
    private InputStream notesV2(String firstScript) {
        return notesPlugin("2.0.0", 2, NotesV2.class, NoteV2.class, firstScript)
                .addResource("db/migration/V2__note_label.sql", text(V2_SCRIPT))
                .build(tinyBundles.rawBuilder());
    }

    /** A plugin bundle: its DS component, its entity package and migrations, importing only the API and JPA. */
    private TinyBundle notesPlugin(String version, int serviceVersion, Class<?> service, Class<?> entity, String firstScript) {
        String descriptor = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"" + service.getName() + "\">\n"
                + "  <property name=\"notes.version\" type=\"Integer\" value=\"" + serviceVersion + "\"/>\n"
                + "  <service><provide interface=\"" + BiFunction.class.getName() + "\"/></service>\n"
                + "  <reference name=\"persistence\" interface=\"" + Persistence.class.getName() + "\" bind=\"bindPersistence\"/>\n"
                + "  <implementation class=\"" + service.getName() + "\"/>\n"
                + "</scr:component>\n";
        return tinyBundles.bundle()
                .setHeader("Bundle-ManifestVersion", "2")
                .setHeader("Bundle-SymbolicName", NOTES_BUNDLE)
                .setHeader("Bundle-Version", version)
                .setHeader("Import-Package", Persistence.class.getPackageName() + ";version=\"[1.0,2)\","
                        + "jakarta.persistence;version=\"[3.1,4)\",org.eclipse.persistence.annotations")
                .setHeader("Service-Component", "OSGI-INF/notes.xml")
                .setHeader(Persistence.HEADER, "entities=\"" + entity.getPackageName() + "\"; migrations=db/migration")
                .addClass(service)
                .addClass(entity)
                .addResource("OSGI-INF/notes.xml", text(descriptor))
                .addResource("db/migration/V1__notes.sql", text(firstScript));
    }

    private static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
