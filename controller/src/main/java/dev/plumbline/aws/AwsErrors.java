package dev.plumbline.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Short causes for error messages: the service's error code and message, without the SDK's request-id noise. */
final class AwsErrors {
    private AwsErrors() { }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            if (code != null && message != null && !message.isBlank()) {
                return code + ": " + message;
            }
            if (code != null) {
                return code + " (HTTP " + service.statusCode() + ")";
            }
            return "HTTP " + service.statusCode();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
