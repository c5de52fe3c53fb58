package io.contactsbridge.config;

/**
 * A configuration problem the user can fix. The message is one line that names the setting,
 * so the launcher prints it as it is, without a stack trace.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
