package dev.plumbline.notify;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What one drift check saw. {@code classification} is null when the run failed before classifying its plan;
 * such a check, like an errored one, says nothing about drift.
 */
public record DriftObservation(long runId, Classification classification, List<DriftFinding> findings) {
    /** Ends each field of a finding in the fingerprint; cannot occur in an address, action or path. */
    private static final char END = '\u0000';

    public DriftObservation {
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
    }

    public boolean errored() {
        return classification == null || classification == Classification.ERRORED;
    }

    public boolean drifted() {
        return !errored() && (classification == Classification.DRIFTED || !findings.isEmpty());
    }

    /** The drifted resource addresses, sorted, each once. */
    public List<String> driftedAddresses() {
        return List.copyOf(new TreeSet<>(findings.stream().map(DriftFinding::address).toList()));
    }

    /**
     * A sha256 (hex) of which attributes of which resources drifted, and how: the sorted set of
     * (address, action code, attribute path). Values are left out on purpose: they may be masked, or change on every
     * check (timestamps, ETags), and the same drift must give the same fingerprint. So is the action's prose: it is
     * the {@code DriftAction.wire()} code that counts, which rewording cannot change.
     */
    public String fingerprint() {
        TreeSet<String> lines = new TreeSet<>();
        for (DriftFinding f : findings) {
            String path = f.attributePath() == null ? "" : f.attributePath();
            lines.add(f.address() + END + f.action().wire() + END + path + END);
        }
        MessageDigest sha256 = sha256();
        for (String line : lines) {
            sha256.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("computing a drift fingerprint: every Java has SHA-256: " + e, e);
        }
    }
}
