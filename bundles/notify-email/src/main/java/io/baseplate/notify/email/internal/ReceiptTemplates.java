package io.baseplate.notify.email.internal;

import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.persistence.Persistence;

/** The tenants' own receipt templates. */
@Component(service = ReceiptTemplates.class)
public class ReceiptTemplates {

    private final Persistence persistence;

    @Activate
    public ReceiptTemplates(@Reference Persistence persistence) {
        this.persistence = persistence;
    }

    /** The tenant's own template; empty when it has set none. */
    Optional<ReceiptTemplate> find(String tenantId) {
        return persistence.inTenant(tenantId, em -> em.createNamedQuery(ReceiptTemplateEntity.OF_TENANT, ReceiptTemplateEntity.class)
                .getResultStream().findFirst().map(ReceiptTemplateEntity::toTemplate));
    }

    /** The template the tenant's receipts use: its own, or the built-in one. */
    ReceiptTemplate inUse(String tenantId) {
        return find(tenantId).orElse(ReceiptTemplate.BUILT_IN);
    }

    /** Sets the tenant's template, replacing the one it had. */
    void save(String tenantId, ReceiptTemplate template) {
        persistence.inTenant(tenantId, em -> {
            Optional<ReceiptTemplateEntity> existing = em.createNamedQuery(ReceiptTemplateEntity.OF_TENANT, ReceiptTemplateEntity.class)
                    .getResultStream().findFirst();
            if (existing.isPresent()) {
                existing.get().update(template, Persistence.now());
            } else {
                em.persist(new ReceiptTemplateEntity(UUID.randomUUID().toString(), template, Persistence.now()));
            }
            return null;
        });
    }
}
