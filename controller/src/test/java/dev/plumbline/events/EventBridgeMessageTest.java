package dev.plumbline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.ChangeEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** EventBridge envelopes as an SQS target receives them, and the ones that are not. */
public class EventBridgeMessageTest {
    public static final String TAGGING = """
            {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
             "detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "account": "123456789012",
             "time": "2026-12-01T09:30:05Z", "region": "eu-west-1", "resources": [],
             "detail": {"eventVersion": "1.09", "userIdentity": {"type": "AssumedRole",
               "principalId": "AROAEXAMPLE:maria", "arn": "arn:aws:sts::123456789012:assumed-role/Admin/maria",
               "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "Admin"}}},
              "eventTime": "2026-12-01T09:30:00Z", "eventSource": "s3.amazonaws.com", "eventName": "PutBucketTagging",
              "awsRegion": "eu-west-1", "sourceIPAddress": "203.0.113.9", "userAgent": "[S3Console/0.4]",
              "requestParameters": {"bucketName": "acme-prod-logs", "Host": "acme-prod-logs.s3.amazonaws.com",
                "Tagging": {"TagSet": {"Tag": {"Key": "owner", "Value": "dev"}}}},
              "responseElements": null, "readOnly": false,
              "resources": [{"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::acme-prod-logs"}],
              "eventID": "1a2b3c4d", "managementEvent": true, "eventCategory": "Management"}}
            """;

    @Test
    void a_cloudtrail_call_names_its_actor_action_origin_time_and_resources() {
        Instant queued = Instant.parse("2026-12-01T09:30:06Z");
        ChangeEvent e = EventBridgeMessage.read(TAGGING, "msg-1", queued);

        assertThat(e.source()).isEqualTo("aws_sqs");
        assertThat(e.externalId()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        assertThat(e.actor()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Admin/maria");
        assertThat(e.action()).isEqualTo("s3:PutBucketTagging");
        assertThat(e.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(e.userAgent()).isEqualTo("[S3Console/0.4]");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
        assertThat(e.queuedAt()).isEqualTo(queued);
        assertThat(e.identifiers()).contains("arn:aws:s3:::acme-prod-logs", "acme-prod-logs");
        assertThat(e.readOnly()).isFalse();
    }

    @Test
    void a_read_only_call_is_marked_so_even_when_cloudtrail_does_not_say() {
        assertThat(EventBridgeMessage.read(TAGGING.replace("\"readOnly\": false", "\"readOnly\": true"), "m", null)
                .readOnly()).isTrue();
        String unsaid = TAGGING.replace("\"readOnly\": false,", "").replace("PutBucketTagging", "GetBucketTagging");
        assertThat(EventBridgeMessage.read(unsaid, "m", null).readOnly()).isTrue();
        assertThat(EventBridgeMessage.readsOnly("DescribeInstances")).isTrue();
        assertThat(EventBridgeMessage.readsOnly("ModifyInstanceAttribute")).isFalse();
    }

    @Test
    void an_aws_config_change_names_its_resource_without_an_actor() {
        String config = """
                {"version": "0", "id": "c0nf1g", "detail-type": "Config Configuration Item Change",
                 "source": "aws.config", "time": "2026-12-01T09:31:00Z", "resources": ["arn:aws:s3:::acme-prod-logs"],
                 "detail": {"configurationItemDiff": {"changeType": "UPDATE"}, "configurationItem": {
                   "ARN": "arn:aws:s3:::acme-prod-logs", "resourceId": "acme-prod-logs", "resourceName": "acme-prod-logs",
                   "configurationItemCaptureTime": "2026-12-01T09:30:40.123Z"}}}
                """;
        ChangeEvent e = EventBridgeMessage.read(config, "m", null);

        assertThat(e.identifiers()).containsExactly("arn:aws:s3:::acme-prod-logs", "acme-prod-logs");
        assertThat(e.actor()).isNull();
        assertThat(e.action()).isEqualTo("config:UPDATE");
    }

    @Test
    void a_message_that_is_not_an_event_says_why_without_quoting_it() {
        assertThatThrownBy(() -> EventBridgeMessage.read("{\"secret\": hunter2", "m", null))
                .isInstanceOf(MalformedEvent.class).hasMessageContaining("not valid JSON")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> EventBridgeMessage.read("{\"hello\": 1}", "m", null))
                .hasMessageContaining("no detail-type; is the SQS queue the target of an EventBridge rule?");
        assertThatThrownBy(() -> EventBridgeMessage.read(TAGGING.replace("\"eventName\": \"PutBucketTagging\",", ""),
                "m", null)).hasMessageContaining("detail.eventName is missing");
        assertThatThrownBy(() -> EventBridgeMessage.read(TAGGING.replace("2026-12-01T09:30:00Z", "yesterday"), "m",
                null)).hasMessageContaining("eventTime must be an RFC 3339 time");
        assertThatThrownBy(() -> EventBridgeMessage.read(TAGGING.replace("AWS API Call via CloudTrail",
                "EC2 Instance State-change Notification"), "m", null)).hasMessageContaining("is not one Plumbline reads");
        assertThatThrownBy(() -> EventBridgeMessage.read("", "m", null)).hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> EventBridgeMessage.read("{\"detail-type\": \"AWS API Call via CloudTrail\","
                + " \"detail\": \"a string\"}", "m", null)).hasMessageContaining("detail must be an object");
    }
}
