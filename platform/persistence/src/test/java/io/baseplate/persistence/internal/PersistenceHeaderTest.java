package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PersistenceHeaderTest {

    @Test
    void readsQuotedPackagesAndTheFolder() {
        assertEquals(new PersistenceHeader(List.of("pkg.one", "pkg.two"), "db/schema"),
                PersistenceHeader.parse("entities=\"pkg.one, pkg.two\"; migrations=db/schema"));
    }

    @Test
    void quotesAreOptionalAndTheFolderDefaults() {
        assertEquals(new PersistenceHeader(List.of("pkg.one"), "db/migration"), PersistenceHeader.parse("entities=pkg.one"));
        assertEquals(new PersistenceHeader(List.of("pkg.one", "pkg.two"), "db/migration"),
                PersistenceHeader.parse("entities=pkg.one,pkg.two"));
        assertEquals(new PersistenceHeader(List.of(), "sql"), PersistenceHeader.parse("migrations=\"/sql/\""));
        assertEquals(new PersistenceHeader(List.of(), "db/migration"), PersistenceHeader.parse(""));
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PersistenceHeader.parse("entity=pkg.one"));
        assertTrue(unknown.getMessage().contains("unknown attribute 'entity'"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PersistenceHeader.parse("entities=\"pkg.one, 2pkg\""));
        assertThrows(IllegalArgumentException.class, () -> PersistenceHeader.parse("pkg.one"));
        assertThrows(IllegalArgumentException.class, () -> PersistenceHeader.parse("migrations=/"));
    }
}
