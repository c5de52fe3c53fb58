package io.contactsbridge.sync;

/** The rollback cases with the state (and the encrypted audit values) on PostgreSQL. */
class RollbackPostgresTest extends RollbackTest {
    @Override
    SyncSandboxTest newSandbox() {
        return new SyncSandboxPostgresTest();
    }
}
