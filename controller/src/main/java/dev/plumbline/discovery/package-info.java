/**
 * What a repository's checkout holds for Plumbline: which workspaces exist, which local modules each uses, which
 * workspaces a change affects, and which files a run of one workspace needs.
 */
package dev.plumbline.discovery;
