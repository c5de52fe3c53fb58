package io.contactsbridge.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsbridge.config.SecretMasker;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Records every secret the bridges of each test JVM registered for masking (configured settings and
 * every token they were issued, including those the masker has since let go as superseded), for
 * {@code LogSecretsCheck}.
 */
public final class SecretsRecorder implements TestExecutionListener {
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        SecretMasker.onRegister(SEEN::add);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        SEEN.addAll(SecretMasker.registered());
        Robustness.recordSecrets(SEEN);
    }
}
