package io.baseplate.tenancy.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.baseplate.api.security.Role;

/** Role sets as stored: names in enum order, comma-separated. */
final class Roles {

    private Roles() {
    }

    static String format(Collection<Role> roles) {
        return (roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles)).stream()
                .map(Enum::name).collect(Collectors.joining(","));
    }

    static Set<Role> parse(String stored) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (stored != null && !stored.isBlank()) {
            Arrays.stream(stored.split(",")).map(String::strip).map(Role::valueOf).forEach(roles::add);
        }
        return roles;
    }

    /** The role stored in the legacy ROLE column: the first of the set in enum order. */
    static Role main(Set<Role> roles) {
        return EnumSet.copyOf(roles).iterator().next();
    }
}
