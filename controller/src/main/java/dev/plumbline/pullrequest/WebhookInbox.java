package dev.plumbline.pullrequest;

import dev.plumbline.domain.CommitSha;
import dev.plumbline.store.Database;
import dev.plumbline.store.WebhookDelivery;
import dev.plumbline.vcs.CommentEvent;
import dev.plumbline.vcs.HostKind;
import dev.plumbline.vcs.PullRequestEvent;
import dev.plumbline.vcs.PushEvent;
import dev.plumbline.vcs.WebhookEvent;
import dev.plumbline.vcs.WebhookRequest;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on stored webhook deliveries, each once: pull request events go to {@link PullRequests}, a push to the
 * tracked branch to the branch's own path ({@code branchMoved}). A delivery is claimed before it is read, so a
 * delivery handed over twice (the host sent it again, or a restart found it) is acted on by one of them only. The
 * work a delivery causes (reviews, applies) is queued in the transaction that marks the delivery done.
 */
public final class WebhookInbox {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookInbox.class);

    private final Database db;
    private final PullRequests pullRequests;
    private final Consumer<String> branchMoved;

    public WebhookInbox(Database db, PullRequests pullRequests, Consumer<String> branchMoved) {
        this.db = db;
        this.pullRequests = pullRequests;
        this.branchMoved = branchMoved;
    }

    /** The header a host names its event in. */
    public static String eventHeader(HostKind kind) {
        return kind == HostKind.GITHUB ? "X-GitHub-Event" : "X-Gitlab-Event";
    }

    /** The deliveries a crash left unprocessed, to hand to {@link #process} on start. */
    public List<Long> unprocessed() {
        return db.webhookDeliveries().unprocessed();
    }

    /** Acts on the stored delivery, unless someone already did; records what was done or why it failed. */
    public void process(long deliveryId) {
        if (!db.webhookDeliveries().claim(deliveryId)) {
            return;
        }
        WebhookDelivery d = db.webhookDeliveries().find(deliveryId).orElseThrow(() ->
                new IllegalStateException("processing webhook delivery " + deliveryId + ": it is not stored"));
        DeliveryDone done = DeliveryDone.of(deliveryId);
        try {
            String outcome = dispatch(d, done);
            if (!done.recorded()) {
                db.webhookDeliveries().finish(deliveryId, true, outcome);
            }
            LOG.info("delivery {} ({} {} for {}): {}", d.deliveryId(), d.host(), d.event(), d.repo(), outcome);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!done.recorded()) { // else its work is queued, and the failure was in reporting it
                db.webhookDeliveries().finish(deliveryId, false, why);
            }
            LOG.error("processing delivery {} ({} {} for {}): {}", d.deliveryId(), d.host(), d.event(), d.repo(),
                    why);
        }
    }

    /** Acts on the delivery; work it queues is queued in one transaction with {@code done}. */
    private String dispatch(WebhookDelivery d, DeliveryDone done) {
        Optional<CodeHosts.Repo> found = pullRequests.hosts().forRepo(d.repo());
        if (found.isEmpty()) {
            return "ignored: repo " + d.repo() + " has no vcs: entry any more";
        }
        CodeHosts.Repo repo = found.get();
        WebhookRequest request = new WebhookRequest(Map.of(eventHeader(repo.kind()), d.event()),
                d.body().getBytes(StandardCharsets.UTF_8));
        Optional<WebhookEvent> parsed = repo.parser().parse(request);
        if (parsed.isEmpty()) {
            return "ignored: Plumbline does not act on this " + d.event() + " event";
        }
        WebhookEvent event = parsed.get();
        // the secret that verified the delivery is the repo's: an event about another project is not trusted
        if (!event.repo().toLowerCase(Locale.ROOT).equals(repo.config().project().toLowerCase(Locale.ROOT))) {
            return "ignored: the event is about " + event.repo() + ", but it was verified with the secret of repo "
                    + repo.repo() + " (" + repo.config().project() + ")";
        }
        if (event instanceof PullRequestEvent pr) {
            if (!pr.baseBranch().equals(repo.branch())) {
                return "ignored: #" + pr.number() + " targets " + pr.baseBranch() + ", not " + repo.branch();
            }
            return switch (pr.action()) {
                case OPENED, SYNCHRONIZE, REOPENED -> pullRequests.headEvent(repo.repo(), pr.number(), pr.headSha(),
                        done);
                case CLOSED -> pullRequests.closed(repo.repo(), pr.number(), false);
                case MERGED -> pullRequests.closed(repo.repo(), pr.number(), true);
            };
        }
        if (event instanceof CommentEvent c) {
            return pullRequests.comment(repo.repo(), c.number(), c.author(), c.body(), done);
        }
        PushEvent push = (PushEvent) event;
        if (push.branch().filter(repo.branch()::equals).isEmpty()) {
            return "ignored: a push to " + push.ref() + ", not to " + repo.branch();
        }
        branchMoved.accept(repo.repo());
        return "branch " + repo.branch() + " moved to " + CommitSha.shorten(push.after());
    }
}
