package io.contactsbridge.runtime;

import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.auth.EncryptionKeys;
import io.contactsbridge.connector.auth.TokenCipher;
import io.contactsbridge.store.Database;
import org.apache.camel.CamelContext;

/**
 * Binds the cipher of the state store's secrets ({@link TokenCipher#BEAN}) when a key is configured;
 * in sandbox mode a generated one kept beside the embedded store will do. Without one, what must
 * encrypt (OAuth tokens) refuses to start, and the audit keeps no before-values.
 */
final class EncryptionWiring {
    static final String KEY = EncryptionKeys.KEY;
    static final String PREVIOUS_KEYS = EncryptionKeys.PREVIOUS_KEYS;

    private EncryptionWiring() {
    }

    static void bindCipher(CamelContext context, Settings settings, boolean sandbox) {
        TokenCipher cipher = sandbox ? EncryptionKeys.sandbox(settings, settings.get(Database.URL, null))
                : EncryptionKeys.configured(settings).orElse(null);
        if (cipher != null) {
            context.getRegistry().bind(TokenCipher.BEAN, cipher);
        }
    }
}
