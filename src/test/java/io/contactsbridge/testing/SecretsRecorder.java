package io.contactsbridge.testing;

import io.contactsbridge.config.SecretMasker;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of each test JVM, records every secret the bridges in it registered for masking
 * (configured settings and the tokens they were issued), for {@code LogSecretsCheck}.
 */
public final class SecretsRecorder implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Robustness.recordSecrets(SecretMasker.registered());
    }
}
