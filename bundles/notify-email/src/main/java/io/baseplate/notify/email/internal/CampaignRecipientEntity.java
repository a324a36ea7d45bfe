package io.baseplate.notify.email.internal;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** One recipient of a campaign, at its place in the list, with the values its placeholders take. Tenant-owned. */
@Entity
@Table(name = "EMAIL_CAMPAIGN_RECIPIENTS")
@IdClass(CampaignRecipientEntity.Key.class)
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class CampaignRecipientEntity {

    /** The primary key: campaign and position. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String campaignId;
        private int position;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.position == position && Objects.equals(key.campaignId, campaignId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(campaignId, position);
        }
    }

    @Id
    @Column(name = "CAMPAIGN_ID")
    private String campaignId;

    @Id
    @Column(name = "POSITION")
    private int position;

    @Column(name = "EMAIL", nullable = false)
    private String email;

    /** The recipient's placeholder values as a JSON object of strings. */
    @Column(name = "FIELDS", nullable = false)
    private String fields;

    protected CampaignRecipientEntity() {
    }

    CampaignRecipientEntity(String campaignId, int position, String email, String fields) {
        this.campaignId = campaignId;
        this.position = position;
        this.email = email;
        this.fields = fields;
    }

    String getEmail() {
        return email;
    }

    String getFields() {
        return fields;
    }
}
