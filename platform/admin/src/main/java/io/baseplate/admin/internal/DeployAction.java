package io.baseplate.admin.internal;

import java.util.Optional;

/** What the deploy watcher does about one jar name of {@code deploy/}, once the name has been quiet long enough. */
enum DeployAction {

    /** Nothing: the bundle matches the file, or there is neither. */
    NONE,
    /** A file without its bundle: install and start it. */
    INSTALL,
    /** A file that changed since its bundle was installed from it: update the bundle in place. */
    UPDATE,
    /** A bundle whose file is gone: uninstall it. */
    UNINSTALL;

    /**
     * Decides from what is known, without touching the framework.
     *
     * @param onDisk    the file's fingerprint now; empty when the file is gone
     * @param installed whether a bundle with the file's location is installed
     * @param recorded  the fingerprint of the file the watcher last installed from or tried to install
     *                  (an install that failed is recorded too, so a broken jar is tried again only
     *                  once it changes); empty when it never acted on this name
     */
    static DeployAction decide(Optional<Fingerprint> onDisk, boolean installed, Optional<Fingerprint> recorded) {
        if (onDisk.isEmpty()) {
            return installed ? UNINSTALL : NONE;
        }
        if (onDisk.equals(recorded)) {
            // Unchanged: installed from it already, or it failed to install and has not changed since,
            // or an administrator uninstalled its bundle on purpose while the file stayed.
            return NONE;
        }
        return installed ? UPDATE : INSTALL;
    }
}
