package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;

/** Who manages an identifier: the workspace, the resource's address in it and the attribute that holds it. */
public record ResourceOwner(WorkspaceId workspace, String address, String attribute, String identifier) { }
