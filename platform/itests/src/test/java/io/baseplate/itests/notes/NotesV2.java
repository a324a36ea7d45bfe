package io.baseplate.itests.notes;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import io.baseplate.api.persistence.Persistence;

/** The notes plugin's service, version 2: notes carry a label; answers {@code text/label}. */
public class NotesV2 implements BiFunction<String, String, List<String>> {

    private Persistence persistence;

    public void bindPersistence(Persistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public List<String> apply(String tenantId, String text) {
        return persistence.inTenant(tenantId, em -> {
            if (text != null) {
                em.persist(new NoteV2(UUID.randomUUID().toString(), text, "v2"));
                em.flush();
            }
            return em.createQuery("SELECT n FROM Note n ORDER BY n.text", NoteV2.class).getResultStream()
                    .map(NoteV2::describe).toList();
        });
    }
}
