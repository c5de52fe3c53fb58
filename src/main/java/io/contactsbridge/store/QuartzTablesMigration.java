package io.contactsbridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Creates Quartz's JDBC job store tables from the DDL shipped inside the quartz jar, so the
 * schema always matches the Quartz version on the class path. The PostgreSQL script is used on
 * both databases: H2 runs in PostgreSQL mode, and Quartz's own H2 script uses types H2 2.x dropped.
 */
public class QuartzTablesMigration implements JavaMigration {
    static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "quartz tables";
    }

    @Override
    public Integer getChecksum() {
        try {
            return readDdl().hashCode();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            for (String sql : statements(readDdl())) {
                st.execute(sql);
            }
        }
    }

    static String readDdl() throws IOException {
        try (InputStream in = QuartzTablesMigration.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IOException("Quartz DDL " + DDL + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Splits the script into statements, leaving out comments and its trailing COMMIT. */
    static List<String> statements(String script) {
        StringBuilder cleaned = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.trim();
            if (t.startsWith("--") || t.startsWith("#")) {
                continue;
            }
            cleaned.append(line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : cleaned.toString().split(";")) {
            String sql = s.trim();
            if (!sql.isEmpty() && !sql.equalsIgnoreCase("commit")) {
                out.add(sql);
            }
        }
        return out;
    }
}
