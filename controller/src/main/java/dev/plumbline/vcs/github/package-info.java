/** GitHub: the REST client, webhook signature check ({@code X-Hub-Signature-256}) and event parsing. */
package dev.plumbline.vcs.github;
