/** Email receipts: EMAIL_RECEIPT_TEMPLATES and EMAIL_SENT_RECEIPTS are this bundle's own persistence unit. */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.notify.email.internal\"; migrations=db/migration")
package io.baseplate.notify.email.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
