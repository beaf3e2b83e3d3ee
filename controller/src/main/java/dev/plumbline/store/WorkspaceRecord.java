package dev.plumbline.store;

import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;

/** A workspace as registered in the store; {@code id} is the database key other rows refer to. */
public record WorkspaceRecord(long id, WorkspaceId workspace, String dir, Tool tool, Instant createdAt) {
}
