/** Email receipts and campaigns: EMAIL_RECEIPT_TEMPLATES, EMAIL_SENT and the campaign tables are this bundle's own persistence unit. */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.notify.email.internal\"; migrations=db/migration")
package io.baseplate.notify.email.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
