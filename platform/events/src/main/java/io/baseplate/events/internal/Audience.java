package io.baseplate.events.internal;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;

/**
 * Who within its tenant may see an event, read once from its {@value PlatformEvents#AUDIENCE_USERS} and
 * {@value PlatformEvents#AUDIENCE_ROLES} properties: a caller whose user is listed, or who holds a listed
 * role. An event that names neither is for the tenant's staff ({@link Role#TENANT_ADMIN},
 * {@link Role#OPERATOR}). Role names the platform does not know are ignored, so a misspelt role admits
 * nobody rather than everybody.
 */
record Audience(Set<String> users, Set<Role> roles) {

    private static final Audience STAFF = new Audience(Set.of(), Set.of(Role.TENANT_ADMIN, Role.OPERATOR));

    Audience {
        users = Set.copyOf(users);
        roles = Set.copyOf(roles);
    }

    /** The audience an event's properties name; either may be null (absent). */
    static Audience of(Object users, Object roles) {
        Set<String> userIds = names(users);
        Set<String> roleNames = names(roles);
        if (userIds.isEmpty() && roleNames.isEmpty()) {
            return STAFF;
        }
        Set<Role> known = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (roleNames.contains(role.name())) {
                known.add(role);
            }
        }
        return new Audience(userIds, known);
    }

    boolean includes(Caller caller) {
        return caller.userId() != null && users.contains(caller.userId()) || roles.stream().anyMatch(caller::hasRole);
    }

    private static Set<String> names(Object list) {
        Set<String> names = new HashSet<>();
        if (list != null) {
            for (String name : list.toString().split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }
}
