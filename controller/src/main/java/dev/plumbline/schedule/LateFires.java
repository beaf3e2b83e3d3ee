package dev.plumbline.schedule;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.listeners.TriggerListenerSupport;

/**
 * Remembers which triggers Quartz found overdue, so their next fire, the one-off catch-up, can say so. Quartz
 * tells its listeners about a misfire just before it moves the trigger to "now"; the fire itself no longer shows
 * it was late.
 */
final class LateFires extends TriggerListenerSupport {
    private final Set<TriggerKey> late = ConcurrentHashMap.newKeySet();

    @Override
    public String getName() {
        return "plumbline-late-fires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        late.add(trigger.getKey());
    }

    /** Whether this fire of the trigger is a late one; answers true once per misfire. */
    boolean consume(TriggerKey key) {
        return late.remove(key);
    }
}
