package io.contactsbridge.sync;

import io.contactsbridge.testing.TestDatabases;

/** The sandbox cases with the state on PostgreSQL. */
class SyncSandboxPostgresTest extends SyncSandboxTest {
    @Override
    String dbUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
