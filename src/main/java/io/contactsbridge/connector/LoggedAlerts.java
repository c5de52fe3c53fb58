package io.contactsbridge.connector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Incidents kept in memory and written to the log (WARN when opened, INFO when resolved). */
public class LoggedAlerts implements Alerts {
    private static final Logger LOG = LoggerFactory.getLogger(LoggedAlerts.class);
    private final Map<String, Incident> open = new ConcurrentHashMap<>();

    @Override
    public boolean raise(String key, String connectorId, String summary) {
        Incident incident = new Incident(key, connectorId, summary, Instant.now());
        if (open.putIfAbsent(key, incident) != null) {
            return false;
        }
        LOG.warn("ALERT [{}] {}: {}", connectorId, key, summary);
        opened(incident);
        return true;
    }

    @Override
    public boolean resolve(String key, String summary) {
        Incident incident = open.remove(key);
        if (incident == null) {
            return false;
        }
        LOG.info("RESOLVED [{}] {}: {}", incident.connectorId(), key, summary);
        resolved(incident, summary);
        return true;
    }

    @Override
    public List<Incident> open() {
        return new ArrayList<>(open.values());
    }

    /** Hook for channels beyond the log (a webhook, say). */
    protected void opened(Incident incident) {
    }

    protected void resolved(Incident incident, String summary) {
    }
}
