/**
 * Change events in: EventBridge events read from an SQS queue ({@link dev.plumbline.events.SqsEvents},
 * {@link dev.plumbline.events.EventBridgeMessage}) and events posted to {@code POST /api/v1/events}
 * ({@link dev.plumbline.events.PostedEvent}, signed as {@link dev.plumbline.events.EventSignature} says), each
 * stored with the drift checks it asks for in one transaction ({@link dev.plumbline.events.EventIntake}).
 * Imports {@code domain}, {@code config}, {@code store} and {@code aws} (session names, SDK clients); imported by
 * {@code http} and {@code cli}.
 */
package dev.plumbline.events;
