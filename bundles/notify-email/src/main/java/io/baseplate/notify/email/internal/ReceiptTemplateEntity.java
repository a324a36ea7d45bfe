package io.baseplate.notify.email.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** A tenant's receipt template, at most one per tenant. Tenant-owned: EclipseLink adds the tenant to every query. */
@Entity
@Table(name = "EMAIL_RECEIPT_TEMPLATES")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = ReceiptTemplateEntity.OF_TENANT, query = "SELECT t FROM ReceiptTemplateEntity t")
public class ReceiptTemplateEntity {

    /** The tenant's template: the tenant discriminator is the only condition it needs. */
    static final String OF_TENANT = "ReceiptTemplate.ofTenant";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "SUBJECT", nullable = false)
    private String subject;

    @Column(name = "BODY", nullable = false)
    private String body;

    @Column(name = "DEFAULT_RECIPIENT")
    private String defaultRecipient;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected ReceiptTemplateEntity() {
    }

    ReceiptTemplateEntity(String id, ReceiptTemplate template, Instant now) {
        this.id = id;
        update(template, now);
    }

    void update(ReceiptTemplate template, Instant now) {
        this.subject = template.subject();
        this.body = template.body();
        this.defaultRecipient = template.defaultRecipient();
        this.updatedAt = now;
    }

    ReceiptTemplate toTemplate() {
        return new ReceiptTemplate(subject, body, defaultRecipient);
    }
}
