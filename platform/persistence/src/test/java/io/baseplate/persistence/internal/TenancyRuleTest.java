package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.persistence.Entity;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;
import org.junit.jupiter.api.Test;

import io.baseplate.persistence.internal.notes.Note;
import io.baseplate.persistence.internal.notes.Setting;

class TenancyRuleTest {

    @Entity
    static class Unowned {
    }

    @Entity
    @Multitenant
    @TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = "tenant")
    static class OtherProperty {
    }

    @Entity
    static class SpecialNote extends Note {
    }

    @Test
    void acceptsTenantOwnedAndPlatformEntitiesAndSubclassesOfThem() {
        assertDoesNotThrow(() -> TenancyRule.check(Note.class));
        assertDoesNotThrow(() -> TenancyRule.check(Setting.class));
        assertDoesNotThrow(() -> TenancyRule.check(SpecialNote.class));
    }

    @Test
    void refusesAnEntityThatBelongsToNobody() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TenancyRule.check(Unowned.class));
        assertEquals("entity " + Unowned.class.getName() + " is neither @PlatformData nor tenant-owned (@Multitenant "
                + "with @TenantDiscriminatorColumn(contextProperty = \"baseplate.tenant-id\"))", refused.getMessage());
    }

    @Test
    void refusesADiscriminatorBoundToAnotherProperty() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TenancyRule.check(OtherProperty.class));
        assertEquals("entity " + OtherProperty.class.getName() + " has a @TenantDiscriminatorColumn whose contextProperty "
                + "is \"tenant\" instead of \"baseplate.tenant-id\"", refused.getMessage());
    }
}
