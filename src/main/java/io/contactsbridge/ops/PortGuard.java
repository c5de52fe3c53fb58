package io.contactsbridge.ops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.contactsbridge.config.ConfigException;
import io.contactsbridge.config.Settings;

/**
 * Vert.x only logs a port that is already taken and Camel still reports "started", so the bridge
 * checks each port before it starts and stops with one line naming the setting.
 */
public final class PortGuard {
    private PortGuard() {
    }

    public static void requireFree(String host, int port, String settingKey) {
        if (port == 0) {
            return; // the OS picks a free one
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException("port " + port + " set by " + Settings.describe(settingKey)
                    + " is already in use (" + e.getMessage() + "): stop the other process or choose another port");
        }
    }
}
