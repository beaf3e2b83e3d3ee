package dev.plumbline.store;

import java.time.Instant;

/** A signed-in console session as stored: who, with which role (its wire name), how they signed in, until when. */
public record ConsoleSession(String name, String role, String via, Instant createdAt, Instant expiresAt) {
}
