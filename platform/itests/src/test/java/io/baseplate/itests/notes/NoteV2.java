package io.baseplate.itests.notes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** The notes plugin's entity, version 2: a label column, added by the plugin's second migration. */
@Entity(name = "Note")
@Table(name = "IT_NOTES")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class NoteV2 {

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "TEXT", nullable = false)
    private String text;

    @Column(name = "LABEL", nullable = false)
    private String label;

    protected NoteV2() {
    }

    public NoteV2(String id, String text, String label) {
        this.id = id;
        this.text = text;
        this.label = label;
    }

    public String describe() {
        return text + "/" + label;
    }
}
