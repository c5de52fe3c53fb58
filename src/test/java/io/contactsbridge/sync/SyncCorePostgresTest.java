package io.contactsbridge.sync;

import io.contactsbridge.testing.TestDatabases;

/** The same done-when cases on PostgreSQL (FOR UPDATE SKIP LOCKED, clustered Quartz). */
class SyncCorePostgresTest extends SyncCoreTest {
    @Override
    String dbUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
