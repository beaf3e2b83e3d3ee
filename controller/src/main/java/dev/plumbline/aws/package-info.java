/**
 * AWS for the daemon and its workspaces, through the AWS SDK v2.
 *
 * <ul>
 *   <li>{@link dev.plumbline.aws.AwsClients} builds every SDK client one way: explicit region, optional emulator
 *       endpoint, url-connection HTTP client, given credentials.</li>
 *   <li>{@link dev.plumbline.aws.AssumedRole} and {@link dev.plumbline.aws.RoleCredentials}: each workspace runs as
 *       its own role, with temporary credentials refreshed before they run out.</li>
 *   <li>{@link dev.plumbline.aws.SecretResolver}: variable values kept in SSM Parameter Store or Secrets
 *       Manager.</li>
 *   <li>{@link dev.plumbline.aws.PlanArchive}: encrypted plans, masked renderings and redacted logs kept in S3.</li>
 * </ul>
 *
 * <p>The daemon's side is read from its {@code aws} section as {@code config} validated it
 * ({@link dev.plumbline.config.AwsConfig}, {@link dev.plumbline.config.ArchiveConfig}); nothing here checks it again.
 *
 * <p>No message from this package ever contains a credential or a secret value: errors name the workspace, role,
 * variable, reference, bucket or key instead. Imports {@code config} and {@code domain}.
 */
package dev.plumbline.aws;
