package io.baseplate.itests.notes;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import io.baseplate.api.persistence.Persistence;

/**
 * The notes plugin's service, version 1: {@code apply(tenantId, text)} stores the text as a note of
 * the tenant (unless null) and answers the tenant's notes. A JDK interface, so that the test and the
 * plugin, each with its own copy of these classes, share the service type.
 */
public class NotesV1 implements BiFunction<String, String, List<String>> {

    private Persistence persistence;

    public void bindPersistence(Persistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public List<String> apply(String tenantId, String text) {
        return persistence.inTenant(tenantId, em -> {
            if (text != null) {
                em.persist(new NoteV1(UUID.randomUUID().toString(), text));
                em.flush();
            }
            return em.createQuery("SELECT n FROM Note n ORDER BY n.text", NoteV1.class).getResultStream()
                    .map(NoteV1::getText).toList();
        });
    }
}
