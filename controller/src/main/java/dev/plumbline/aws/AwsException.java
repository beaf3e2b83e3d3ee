package dev.plumbline.aws;

import dev.plumbline.domain.PlumblineException;

/**
 * An AWS call Plumbline needed did not succeed: assuming a workspace's role, resolving a secret, archiving a plan.
 * The message reads {@code <doing what>: <cause>} and names the workspace, role, variable, reference, bucket or
 * key involved; it never contains a credential or a secret value. The SDK's own exception is kept as the cause.
 */
public class AwsException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    public AwsException(String message) {
        super(message);
    }

    public AwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
