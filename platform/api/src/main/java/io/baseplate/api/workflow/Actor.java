package io.baseplate.api.workflow;

import java.util.Set;

import io.baseplate.api.security.Role;

/**
 * Who starts an instance or fires a transition.
 *
 * @param userId the caller's user id; null for a tenant's service account (a key of no user)
 * @param roles  the caller's roles
 * @param parts  the participant slots of the instance this caller holds, e.g. {@code doctor}; empty when
 *               starting, and for staff who act by role
 */
public record Actor(String userId, Set<Role> roles, Set<String> parts) {

    public Actor {
        roles = Set.copyOf(roles);
        parts = Set.copyOf(parts);
    }

    /** Whether the caller holds this participant slot of the instance. */
    public boolean is(String part) {
        return parts.contains(part);
    }

    /** Whether the caller holds one of these roles. */
    public boolean hasAnyRole(Role... wanted) {
        for (Role role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
