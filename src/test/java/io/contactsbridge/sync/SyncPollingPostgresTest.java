package io.contactsbridge.sync;

import io.contactsbridge.testing.TestDatabases;

/** The poll cycle on PostgreSQL: clustered Quartz job store, the cycle lease row. */
class SyncPollingPostgresTest extends SyncPollingTest {
    @Override
    String dbUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
