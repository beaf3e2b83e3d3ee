/** GitLab: the REST client, webhook token check ({@code X-Gitlab-Token}) and event parsing. */
package dev.plumbline.vcs.gitlab;
