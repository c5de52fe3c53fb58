package io.contactsbridge.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.config.Settings;
import io.contactsbridge.connector.auth.EncryptionKeys;
import io.contactsbridge.connector.auth.TokenCipher;
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.store.Database;
import io.contactsbridge.sync.SyncAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rotate-key}: re-encrypts every encrypted row of the store (tokens, audit values) under the
 * current key. The rotation: set BRIDGE_ENCRYPTION_KEY to a new key and BRIDGE_ENCRYPTION_PREVIOUS_KEYS
 * to the old one (every replica; they read both), run this, then drop the previous key.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = {"Re-encrypt every stored token and audit value under the current key (BRIDGE_ENCRYPTION_KEY),",
                "reading old rows with BRIDGE_ENCRYPTION_PREVIOUS_KEYS. Idempotent; --new-key prints a fresh key."})
public class RotateKeyCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--new-key", description = "Only print a new random key (base64 of 32 bytes) and the steps of a rotation.")
    boolean newKey;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (newKey) {
            out.println(TokenCipher.newKey());
            out.println("# 1. every replica: BRIDGE_ENCRYPTION_KEY=<the key above>, BRIDGE_ENCRYPTION_PREVIOUS_KEYS=<the old key>");
            out.println("# 2. contacts-bridge rotate-key   3. remove BRIDGE_ENCRYPTION_PREVIOUS_KEYS");
            return 0;
        }
        Settings settings = DeadLettersCommand.settings();
        try (Database db = Database.open(settings)) {
            TokenCipher cipher = EncryptionKeys.configured(settings).orElseThrow(() -> new ConfigException(
                    "no key to rotate to: set BRIDGE_ENCRYPTION_KEY (the new key) and BRIDGE_ENCRYPTION_PREVIOUS_KEYS (the old ones)"));
            int tokens = new TokenStore(db.dataSource(), cipher).reencryptAll();
            int audit = new SyncAudit(db.dataSource(), cipher).reencryptAll();
            out.printf("re-encrypted under key %s: %d token row(s), %d audit row(s)%n", cipher.currentKeyId(), tokens, audit);
            if (cipher.keyIds().size() > 1) {
                out.println("every row is under the current key now: BRIDGE_ENCRYPTION_PREVIOUS_KEYS can be removed");
            }
            return 0;
        } catch (ConfigException e) {
            String m = e.getMessage();
            if (m != null && m.contains("already in use")) {
                m = "the H2 store is open in a running bridge; stop it, rotate, start it again";
            }
            err.println("contacts-bridge: " + SecretMasker.mask(m));
            return 3;
        } catch (IllegalStateException e) {
            err.println("contacts-bridge rotate-key: " + SecretMasker.mask(e.getMessage()));
            return 1;
        }
    }
}
