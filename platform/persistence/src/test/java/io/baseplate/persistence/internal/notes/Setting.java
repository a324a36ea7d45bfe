package io.baseplate.persistence.internal.notes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.baseplate.api.persistence.PlatformData;

/** An entity that belongs to no tenant. */
@Entity
@Table(name = "SETTINGS")
@PlatformData
public class Setting {

    @Id
    private String name;

    @Column(name = "SETTING_VALUE")
    private String value;

    protected Setting() {
    }

    public Setting(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String value() {
        return value;
    }
}
