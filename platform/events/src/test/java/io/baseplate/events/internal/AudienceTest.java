package io.baseplate.events.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;

class AudienceTest {

    private static final Caller PATIENT = caller("patient-1", Role.PATIENT);
    private static final Caller OTHER_PATIENT = caller("patient-2", Role.PATIENT);
    private static final Caller DOCTOR = caller("doctor-1", Role.DOCTOR);
    private static final Caller ADMIN = caller(null, Role.TENANT_ADMIN);
    private static final Caller OPERATOR = caller("ops-1", Role.OPERATOR);

    private static Caller caller(String userId, Role... roles) {
        return new Caller("tenant-1", userId, "key-" + userId, "bp_x", Set.of(roles));
    }

    @Test
    void anEventNamingNoAudienceIsForStaffOnly() {
        for (Audience staff : new Audience[] {Audience.of(null, null), Audience.of("", " , "), Audience.of(" ", null)}) {
            assertTrue(staff.includes(ADMIN));
            assertTrue(staff.includes(OPERATOR));
            assertFalse(staff.includes(PATIENT));
            assertFalse(staff.includes(DOCTOR));
            assertFalse(staff.includes(caller("u", Role.TUTOR, Role.STUDENT)));
        }
    }

    @Test
    void listedUsersAndHoldersOfListedRolesAreInTheAudienceAndNobodyElse() {
        Audience appointment = Audience.of("patient-1, doctor-1", "OPERATOR");
        assertTrue(appointment.includes(PATIENT));
        assertTrue(appointment.includes(DOCTOR));
        assertTrue(appointment.includes(OPERATOR));
        assertFalse(appointment.includes(OTHER_PATIENT));
        assertFalse(appointment.includes(ADMIN), "staff see what names them or their role, like anyone");

        Audience tutors = Audience.of(null, "TUTOR");
        assertTrue(tutors.includes(caller("t", Role.TUTOR)));
        assertFalse(tutors.includes(caller("s", Role.STUDENT)));
    }

    @Test
    void hostileOrMisspeltAudiencesAdmitNobodyExtra() {
        assertFalse(Audience.of(null, "tutor,ADMIN,*").includes(ADMIN), "unknown role names admit nobody");
        assertFalse(Audience.of(null, "tutor").includes(caller("t", Role.TUTOR)), "role names are exact");
        assertFalse(Audience.of("patient-1x", null).includes(PATIENT), "user ids are matched whole");
        assertFalse(Audience.of("patient", null).includes(PATIENT));
        assertFalse(Audience.of("*", null).includes(PATIENT), "no wildcard");
        assertFalse(Audience.of("null", null).includes(ADMIN), "a caller without a user matches no user id");
        assertTrue(Audience.of(" patient-1 ,", null).includes(PATIENT), "spaces around a comma are not part of an id");
        assertFalse(Audience.of("patient-1", null).includes(new Caller("tenant-2", "patient-9", "k", "bp_y",
                Set.of(Role.PATIENT))));
    }
}
