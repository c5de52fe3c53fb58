package io.contactsbridge.connector.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;

/**
 * Where the encryption keys come from: {@code BRIDGE_ENCRYPTION_KEY} (the current key), else the
 * first line of {@code BRIDGE_ENCRYPTION_KEY_FILE}; older keys (still needed to read rows until
 * {@code rotate-key} has run) in {@code BRIDGE_ENCRYPTION_PREVIOUS_KEYS}, comma-separated, or on the
 * key file's further lines. In sandbox mode without a key, a key is generated once and kept in a
 * file beside the embedded store, so a sandbox restarted on the same data still reads its tokens.
 */
public final class EncryptionKeys {
    public static final String KEY = "bridge.encryption-key";
    public static final String KEY_FILE = "bridge.encryption-key-file";
    public static final String PREVIOUS_KEYS = "bridge.encryption-previous-keys";

    private EncryptionKeys() {
    }

    /** The configured cipher, if a key is configured. */
    public static Optional<TokenCipher> configured(Settings settings) {
        List<String> keys = new ArrayList<>();
        settings.get(KEY).ifPresent(keys::add);
        Optional<String> file = settings.get(KEY_FILE);
        if (file.isPresent()) {
            keys.addAll(readKeyFile(Path.of(file.get())));
        }
        settings.get(PREVIOUS_KEYS).ifPresent(p -> Arrays.stream(p.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).forEach(keys::add));
        return keys.isEmpty() ? Optional.empty() : Optional.of(TokenCipher.of(keys));
    }

    /**
     * The sandbox's cipher: the configured one, else a generated key kept beside the H2 file of
     * {@code dbUrl} (or, for an in-memory or PostgreSQL store, for this process only).
     */
    public static TokenCipher sandbox(Settings settings, String dbUrl) {
        Optional<TokenCipher> configured = configured(settings);
        if (configured.isPresent()) {
            return configured.get();
        }
        String prefix = "jdbc:h2:file:";
        if (dbUrl == null || !dbUrl.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            return TokenCipher.of(List.of(TokenCipher.newKey()));
        }
        String path = dbUrl.substring(prefix.length());
        int semicolon = path.indexOf(';');
        Path keyFile = Path.of((semicolon < 0 ? path : path.substring(0, semicolon)) + ".sandbox-key");
        try {
            if (!Files.exists(keyFile)) {
                if (keyFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(keyFile.toAbsolutePath().getParent());
                }
                Files.writeString(keyFile, TokenCipher.newKey() + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the directory's permissions apply
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot keep the sandbox encryption key in " + keyFile + ": " + e.getMessage());
        }
        return TokenCipher.of(readKeyFile(keyFile));
    }

    static List<String> readKeyFile(Path file) {
        try {
            List<String> keys = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(String::trim)
                    .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
            if (keys.isEmpty()) {
                throw new ConfigException(Settings.describe(KEY_FILE) + ": " + file + " holds no key");
            }
            return keys;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + Settings.describe(KEY_FILE) + " " + file + ": " + e.getMessage());
        }
    }
}
