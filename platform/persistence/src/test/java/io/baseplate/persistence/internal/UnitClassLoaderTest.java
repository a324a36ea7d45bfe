package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import io.baseplate.core.persistence.InstantConverter;
import io.baseplate.persistence.internal.notes.Note;

class UnitClassLoaderTest {

    @Test
    void asksTheBundleFirstThenTheExtender() throws Exception {
        ClassLoader extender = getClass().getClassLoader();
        URL testClasses = extender.getResource("");
        try (URLClassLoader bundle = new URLClassLoader(new URL[] {testClasses}, null)) {
            UnitClassLoader unit = new UnitClassLoader(bundle, extender);
            Class<?> note = unit.loadClass(Note.class.getName());
            assertSame(bundle.loadClass(Note.class.getName()), note, "the bundle's own copy");
            assertNotSame(Note.class, note);
            assertSame(InstantConverter.class, unit.loadClass(InstantConverter.class.getName()),
                    "not in the bundle: the extender's");
            assertSame(String.class, unit.loadClass("java.lang.String"));
            assertSame(java.sql.Timestamp.class, unit.loadClass("java.sql.Timestamp"));
            assertNotNull(unit.getResource("io/baseplate/core/persistence/InstantConverter.class"));
        }
    }
}
