package dev.plumbline.reconcile;

import dev.plumbline.domain.Owner;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.CancelRequests;
import dev.plumbline.store.Database;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as the owner of the runs it starts: registered in the store before its first run (a daemon when
 * it starts), it beats every {@link #BEAT} so that others can tell it is alive, and every {@link #CANCEL_POLL}
 * looks for cancel requests ({@code plumbline cancel}) on the runs it is running, which it stops through their
 * {@link Cancellation}. Closing it stops both and marks the owner stopped. The beats run on a daemon thread: a
 * command that is done does not wait for them.
 */
public final class OwnerHeartbeat implements AutoCloseable {
    /**
     * When this process started, read once: every part of the process names itself by the same owner id. Without a
     * start time from the system, the moment this class loaded stands in; with the pid it is unique enough.
     */
    private static final Instant STARTED = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
    private static final Logger LOG = LoggerFactory.getLogger(OwnerHeartbeat.class);
    /** How often the owner beats; the heartbeat timeout of the daemon config must allow several missed beats. */
    public static final Duration BEAT = Duration.ofSeconds(5);
    static final Duration CANCEL_POLL = Duration.ofSeconds(2);

    private final Database db;
    private final Map<Long, Cancellation> running = new ConcurrentHashMap<>();
    private volatile Owner owner;
    private ScheduledExecutorService beats;
    private boolean closed;

    public OwnerHeartbeat(Database db) {
        this.db = db;
    }

    /** This process, as an owner of {@code kind}. */
    public static Owner thisProcess(Owner.Kind kind) {
        return Owner.of(hostName(), ProcessHandle.current().pid(), STARTED, kind);
    }

    /** The host's name as the kernel knows it; what another process on this host reads too. */
    public static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Registers this process as an owner of {@code kind} and starts beating; once, before any run. */
    public synchronized Owner start(Owner.Kind kind) {
        if (closed) {
            throw new IllegalStateException("registering this process as a " + kind.wire() + ": it has stopped");
        }
        if (owner != null) {
            if (owner.kind() != kind) {
                throw new IllegalStateException("registering this process as a " + kind.wire() + ": it is already"
                        + " registered as a " + owner.kind().wire() + " (owner " + owner.id() + ")");
            }
            return owner;
        }
        Owner self = thisProcess(kind);
        db.owners().register(self);
        owner = self;
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plumbline-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleAtFixedRate(this::beat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
        beats.scheduleWithFixedDelay(this::pollCancels, CANCEL_POLL.toMillis(), CANCEL_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("this process is owner {} ({})", self.id(), kind.wire());
        return self;
    }

    /** The owner id of the runs this process starts; a process not yet registered registers as a CLI command. */
    public synchronized String ownerId() {
        return (owner == null ? start(Owner.Kind.CLI) : owner).id();
    }

    /** This process as registered; null before {@link #start}. */
    public synchronized Owner owner() {
        return owner;
    }

    /** Watches run {@code runId} for cancel requests while it runs; the handle stops watching. */
    public Runnable track(long runId, Cancellation cancel) {
        running.put(runId, cancel);
        return () -> running.remove(runId, cancel);
    }

    private void beat() {
        String id = owner.id();
        try {
            if (!db.owners().heartbeat(id)) {
                LOG.warn("owner {} had been presumed lost by another process (its heartbeat was late); its runs were"
                        + " marked interrupted, and those still running record what really happens", id);
            }
        } catch (RuntimeException e) {
            // the store may be unreachable for a moment; a later beat tries again, and a lost one is what the
            // heartbeat timeout allows for
            LOG.warn("recording the heartbeat of owner {}: {}", id, e.getMessage());
        }
    }

    private void pollCancels() {
        if (running.isEmpty()) {
            return;
        }
        try {
            for (CancelRequests.Pending p : db.cancels().pendingFor(owner.id())) {
                Cancellation cancel = running.get(p.runId());
                if (cancel != null && !cancel.isCancelled()) {
                    LOG.info("run {}: cancel requested by {}", p.runId(), p.by());
                    cancel.cancel("cancel requested by " + p.by());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("reading the cancel requests of owner {}: {}", owner.id(), e.getMessage());
        }
    }

    /** Stops beating and marks this owner stopped; call it after the runs ended, before the store closes. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            if (closed || owner == null) {
                closed = true;
                return;
            }
            closed = true;
            stopping = beats;
        }
        stopping.shutdownNow();
        try {
            stopping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            db.owners().markStopped(owner.id());
        } catch (RuntimeException e) {
            LOG.warn("marking owner {} stopped: {}", owner.id(), e.getMessage());
        }
    }
}
