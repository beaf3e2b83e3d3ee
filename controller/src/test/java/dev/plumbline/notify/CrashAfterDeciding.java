package dev.plumbline.notify;

import dev.plumbline.domain.Classification;
import dev.plumbline.store.Database;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link OutboxDeliveryTest}: decides a new drift and commits it with its outbox row, as a
 * drift check's finishing transaction does, then dies the way a killed process does, before anything was sent: no
 * shutdown hooks, no clean close of the store. Arguments: the store's folder and the webhook's URL. Prints the
 * event's id.
 */
public final class CrashAfterDeciding {
    private CrashAfterDeciding() {
    }

    public static void main(String[] args) {
        Database db = NotifyFixture.open(Path.of(args[0]));
        DriftNotifier notifier = new DriftNotifier(new DriftState(db),
                List.of(new WebhookChannel(URI.create(args[1]), () -> "s3cret")), null);
        long runId = NotifyFixture.run(db, NotifyFixture.PROD);
        Queued rows = db.inTransaction(tx -> notifier.record(tx, NotifyFixture.PROD, runId, Classification.DRIFTED,
                List.of(NotifyFixture.changed("aws_s3_bucket.logs", "tags.owner"))));
        String eventId = db.notificationOutbox().find(rows.idsByChannel().values().iterator().next()).orElseThrow()
                .event().eventId();
        System.out.println(eventId);
        System.out.flush();
        // the moment between the commit and the send
        Runtime.getRuntime().halt(3);
    }
}
