package dev.plumbline.http;

import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.store.Database;
import dev.plumbline.vcs.hosts.CodeHosts;

/**
 * What the HTTP server serves from: the store, the code hosts whose webhooks it verifies, where stored deliveries
 * go, the reconciler the API's approvals and applies go through, whom to tell that work was queued, and the access
 * rules with the identity sources requests are authenticated by.
 */
public record Edge(Database db, CodeHosts hosts, DeliverySink sink, Reconciler reconciler, Runnable queued,
        Access access) {
}
