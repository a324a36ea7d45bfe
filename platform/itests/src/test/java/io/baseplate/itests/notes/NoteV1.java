package io.baseplate.itests.notes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** The notes plugin's tenant-owned entity, version 1. */
@Entity(name = "Note")
@Table(name = "IT_NOTES")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class NoteV1 {

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "TEXT", nullable = false)
    private String text;

    protected NoteV1() {
    }

    public NoteV1(String id, String text) {
        this.id = id;
        this.text = text;
    }

    public String getText() {
        return text;
    }
}
