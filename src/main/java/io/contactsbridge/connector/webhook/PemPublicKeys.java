package io.contactsbridge.connector.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;

/**
 * Reads a public key (X.509 SubjectPublicKeyInfo, the {@code -----BEGIN PUBLIC KEY-----} PEM) from
 * a setting whose value is the PEM itself, a {@code classpath:} resource, or a path to a PEM file.
 * Bad values end as a one-line {@link ConfigException} naming the setting.
 */
public final class PemPublicKeys {
    private PemPublicKeys() {
    }

    /**
     * @param algorithm the JDK key algorithm ({@code RSA}, {@code Ed25519})
     */
    public static PublicKey read(String settingKey, String value, String algorithm) {
        String pem = load(settingKey, value.trim());
        try {
            return parse(pem, algorithm);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new ConfigException(Settings.describe(settingKey) + " is not a PEM " + algorithm
                    + " public key (expected -----BEGIN PUBLIC KEY-----)");
        }
    }

    /** Parses PEM text (or bare base64 DER) into a public key. */
    public static PublicKey parse(String pem, String algorithm) throws GeneralSecurityException {
        String base64 = pem
                .replace("\\n", "\n") // a PEM put into one environment variable line
                .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    }

    private static String load(String settingKey, String value) {
        if (value.contains("-----BEGIN")) {
            return value;
        }
        if (value.startsWith("classpath:")) {
            String resource = value.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = PemPublicKeys.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ConfigException(Settings.describe(settingKey) + ": no resource " + value);
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new ConfigException(Settings.describe(settingKey) + ": cannot read " + value + ": " + e.getMessage());
            }
        }
        Path path;
        try {
            path = Path.of(value.startsWith("file:") ? value.substring("file:".length()) : value);
        } catch (InvalidPathException e) {
            throw new ConfigException(Settings.describe(settingKey) + " must be a PEM public key or the path to a PEM file");
        }
        if (Files.isReadable(path)) {
            try {
                return Files.readString(path, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new ConfigException(Settings.describe(settingKey) + ": cannot read " + path + ": " + e.getMessage());
            }
        }
        if (value.matches("[A-Za-z0-9+/=\\s]{40,}")) {
            return value; // bare base64 DER
        }
        throw new ConfigException(Settings.describe(settingKey)
                + " must be a PEM public key or the path to a PEM file; no readable file " + path);
    }
}
