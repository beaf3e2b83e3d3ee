package dev.plumbline.events;

import dev.plumbline.aws.AwsClients;
import dev.plumbline.config.AwsConfig;
import dev.plumbline.config.EventsConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Reads the SQS queue an EventBridge rule feeds, with long polls, on a thread of its own. Each message is stored
 * (an event, or a malformed message kept aside with why) before it is deleted: a daemon that dies in between
 * leaves the message to come back after the queue's visibility timeout, and it is then recognised by its id and
 * stored once. A message that could not be stored (the store is down) is left in the queue, and the next ones are
 * read on.
 */
public final class SqsEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEvents.class);
    /** A long poll that short keeps a stop quick; the requests it costs are a few thousand a day. */
    static final Duration LONG_POLL = Duration.ofSeconds(10);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(5);
    private static final int BATCH = 10;
    /** The role session the queue is read as, when events.aws_sqs.role_arn is set. */
    static final String SESSION = "plumbline-events";

    private final SqsClient sqs;
    private final URI queueUrl;
    private final EventIntake intake;
    private final Duration wait;
    private final Clock clock;
    private final Thread poller;
    private final AwsClients owned;
    private volatile boolean stopping;

    public SqsEvents(SqsClient sqs, URI queueUrl, EventIntake intake, Duration wait) {
        this(sqs, queueUrl, intake, wait, null);
    }

    private SqsEvents(SqsClient sqs, URI queueUrl, EventIntake intake, Duration wait, AwsClients owned) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.intake = intake;
        this.wait = wait;
        this.clock = Clock.systemUTC();
        this.owned = owned;
        this.poller = new Thread(this::loop, "plumbline-sqs-events");
        poller.setDaemon(true);
    }

    /** The queue of {@code config}, read with the daemon's own identity or as {@code role_arn}. */
    public static SqsEvents of(EventsConfig.Sqs config, EventIntake intake) {
        AwsClients own = AwsClients.withDefaultCredentials(new AwsConfig(config.region(), config.endpoint(), null));
        AwsClients clients = own;
        if (config.roleArn() != null) {
            clients = own.forCredentials(StsAssumeRoleCredentialsProvider.builder().stsClient(own.sts())
                    .refreshRequest(r -> r.roleArn(config.roleArn()).roleSessionName(SESSION)).build(), null);
        }
        return new SqsEvents(clients.sqs(), config.queueUrl(), intake, LONG_POLL, clients);
    }

    public void start() {
        poller.start();
        LOG.info("reading change events from {}", queueUrl);
    }

    private void loop() {
        while (!stopping) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                // the queue or the store unreachable for a while, or anything else: the messages wait in the
                // queue, and this thread must outlive it
                LOG.warn("reading change events from {}: {}", queueUrl, e.getMessage());
                pause();
            }
        }
    }

    /** One long poll: every message received is stored and then deleted. Returns how many were. */
    public int pollOnce() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl.toString()).maxNumberOfMessages(BATCH)
                .waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
        int done = 0;
        for (Message m : messages) {
            if (store(m)) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl.toString()).receiptHandle(m.receiptHandle()));
                done++;
            }
        }
        return done;
    }

    private boolean store(Message m) {
        Instant received = clock.instant();
        Instant queued = sentAt(m);
        try {
            try {
                intake.take(EventBridgeMessage.read(m.body(), m.messageId(), queued), received);
            } catch (MalformedEvent e) {
                intake.malformed(EventBridgeMessage.SOURCE, m.messageId(), e.getMessage(), m.body(), queued,
                        received);
            }
            return true;
        } catch (RuntimeException e) {
            // the store down or closing, or anything else: the message is not deleted and comes back
            LOG.error("storing SQS message {}: {}; it stays in the queue and comes back", m.messageId(),
                    e.getMessage());
            return false;
        }
    }

    private static Instant sentAt(Message m) {
        String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        try {
            return sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /**
     * Stops polling; the poll in progress is given a second to end. A message it received and did not store comes
     * back after the queue's visibility timeout, and is stored once by its id.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            poller.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (owned != null) {
            owned.close();
        }
    }
}
