package io.baseplate.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeployActionTest {

    private static final Optional<Fingerprint> V1 = Optional.of(new Fingerprint(100, 1_000, "(dev=1,ino=7)"));
    private static final Optional<Fingerprint> V2 = Optional.of(new Fingerprint(120, 2_000, "(dev=1,ino=8)"));
    private static final Optional<Fingerprint> NONE = Optional.empty();

    @Test
    void aNewJarIsInstalled() {
        assertEquals(DeployAction.INSTALL, DeployAction.decide(V1, false, NONE));
    }

    @Test
    void aJarPresentAtStartWhoseBundleWasNotKeptIsInstalled() {
        // the framework cache was cleaned, the recorded state too, or the recorded file differs
        assertEquals(DeployAction.INSTALL, DeployAction.decide(V2, false, V1));
    }

    @Test
    void aChangedJarUpdatesItsBundle() {
        assertEquals(DeployAction.UPDATE, DeployAction.decide(V2, true, V1));
    }

    @Test
    void anInstalledBundleWithoutARecordIsUpdatedFromItsFile() {
        assertEquals(DeployAction.UPDATE, DeployAction.decide(V1, true, NONE));
    }

    @Test
    void anUnchangedJarIsLeftAlone() {
        assertEquals(DeployAction.NONE, DeployAction.decide(V1, true, V1));
    }

    @Test
    void aJarThatFailedToInstallIsTriedAgainOnlyOnceItChanges() {
        assertEquals(DeployAction.NONE, DeployAction.decide(V1, false, V1));
        assertEquals(DeployAction.INSTALL, DeployAction.decide(V2, false, V1));
    }

    @Test
    void aDeletedJarUninstallsItsBundle() {
        assertEquals(DeployAction.UNINSTALL, DeployAction.decide(NONE, true, V1));
        assertEquals(DeployAction.UNINSTALL, DeployAction.decide(NONE, true, NONE));
    }

    @Test
    void nothingOnEitherSideIsNothingToDo() {
        assertEquals(DeployAction.NONE, DeployAction.decide(NONE, false, V1));
        assertEquals(DeployAction.NONE, DeployAction.decide(NONE, false, NONE));
    }
}
