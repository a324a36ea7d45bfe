package io.baseplate.api.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.baseplate.api.domain.DomainException;

class CallerTest {

    private final Caller student = new Caller("tenant-1", "user-7", "key-1", "abcd1234", EnumSet.of(Role.STUDENT));
    private final Caller tutor = new Caller("tenant-1", "user-9", "key-2", "efgh5678", EnumSet.of(Role.TUTOR));

    @Test
    void theOwnerAndTheNamedStaffPassTheOwnerCheckAndAnyoneElseIsToldTheRecordIsAbsent() {
        assertDoesNotThrow(() -> student.requireOwnerOr("user-7", "attempt 42", Role.TUTOR));
        assertDoesNotThrow(() -> tutor.requireOwnerOr("user-7", "attempt 42", Role.TUTOR));
        Caller otherStudent = new Caller("tenant-1", "user-8", "key-3", "ijkl9012", EnumSet.of(Role.STUDENT));
        DomainException refused = assertThrows(DomainException.class,
                () -> otherStudent.requireOwnerOr("user-7", "attempt 42", Role.TUTOR));
        assertEquals(DomainException.Kind.NOT_FOUND, refused.kind());
        assertEquals("No attempt 42", refused.getMessage());
    }

    @Test
    void aServiceAccountOwnsNoParticipantsRecords() {
        Caller service = new Caller("tenant-1", null, "key-4", "mnop3456", EnumSet.of(Role.OPERATOR));
        assertThrows(DomainException.class, () -> service.requireOwnerOr(null, "appointment 3", Role.DOCTOR));
        assertDoesNotThrow(() -> service.requireOwnerOr("user-7", "appointment 3", Role.OPERATOR));
    }

    @Test
    void rolesAreASetTheCallerCannotChangeAfterwards() {
        Set<Role> roles = EnumSet.of(Role.TENANT_ADMIN);
        Caller admin = new Caller("tenant-1", null, "key-5", "qrst7890", roles);
        roles.add(Role.OPERATOR);
        assertFalse(admin.hasRole(Role.OPERATOR));
        assertTrue(admin.hasAnyRole(Role.OPERATOR, Role.TENANT_ADMIN));
        assertThrows(UnsupportedOperationException.class, () -> admin.roles().add(Role.OPERATOR));
    }

    @Test
    void onlyThePlatformAdminActsForNoTenant() {
        assertTrue(Caller.admin("key-6", "uvwx1234").isAdmin());
        assertThrows(DomainException.class, () -> Caller.admin("key-6", "uvwx1234").requireTenant());
        assertEquals("tenant-1", student.requireTenant());
        assertThrows(IllegalArgumentException.class, () -> new Caller(null, null, "k", "p", EnumSet.of(Role.OPERATOR)));
        assertThrows(IllegalArgumentException.class, () -> new Caller("t", null, "k", "p", EnumSet.of(Role.PLATFORM_ADMIN)));
    }
}
