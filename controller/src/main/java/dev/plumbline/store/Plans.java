package dev.plumbline.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Saved plans, one per run. The binary planfile is what apply consumes and holds secrets in the clear, so it is
 * encrypted before it reaches the database; its sha256 is taken of the plaintext, which is what approvals name.
 */
public final class Plans {
    private final Scope scope;
    private final PlanCipher cipher;
    private final Clock clock;

    Plans(Scope scope, PlanCipher cipher, Clock clock) {
        this.scope = scope;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** {@code maskedJson} and {@code renderedText} must already have their sensitive values masked. */
    public void save(long runId, byte[] planfile, String maskedJson, String renderedText) {
        Objects.requireNonNull(planfile, "planfile");
        Objects.requireNonNull(maskedJson, "maskedJson");
        Objects.requireNonNull(renderedText, "renderedText");
        String doing = "saving the plan of run " + runId;
        String sha256 = sha256(planfile);
        PlanCipher.Sealed sealed = seal(planfile, runId, doing);
        scope.run(doing, c -> {
            try {
                return Sql.update(c, "INSERT INTO plans (run_id, planfile_iv, planfile, planfile_sha256, plan_json,"
                        + " rendered_text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setLong(1, runId);
                            ps.setBytes(2, sealed.iv());
                            ps.setBytes(3, sealed.ciphertext());
                            ps.setString(4, sha256);
                            ps.setString(5, maskedJson);
                            ps.setString(6, renderedText);
                            Sql.setInstant(ps, 7, Sql.now(clock));
                        });
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new IllegalStateException(doing + ": run " + runId + " already has a plan", e);
                }
                throw e;
            }
        });
    }

    /** The plan, decrypted and checked against the sha256 recorded when it was saved. */
    public Optional<StoredPlan> find(long runId) {
        String doing = "reading the plan of run " + runId;
        return scope.run(doing, c -> Sql.one(c, "SELECT planfile_iv, planfile, planfile_sha256, plan_json,"
                + " rendered_text, created_at FROM plans WHERE run_id = ?", ps -> ps.setLong(1, runId), rs -> {
                    byte[] planfile = open(new PlanCipher.Sealed(rs.getBytes("planfile_iv"), rs.getBytes("planfile")),
                            runId, doing);
                    String expected = rs.getString("planfile_sha256");
                    String actual = sha256(planfile);
                    if (!actual.equals(expected)) {
                        throw new StoreException(doing + ": the planfile's sha256 is " + actual + ", but " + expected
                                + " was recorded");
                    }
                    return new StoredPlan(runId, planfile, expected, rs.getString("plan_json"),
                            rs.getString("rendered_text"), Sql.instant(rs, "created_at"));
                }));
    }

    /**
     * The planfile as stored: still encrypted (the 12-byte IV, then the AES-GCM ciphertext), for archiving
     * outside the database without the plaintext ever leaving it. Only this store's key opens it.
     */
    public Optional<byte[]> sealedPlanfile(long runId) {
        return scope.run("reading the sealed plan of run " + runId, c -> Sql.one(c,
                "SELECT planfile_iv, planfile FROM plans WHERE run_id = ?", ps -> ps.setLong(1, runId), rs -> {
                    byte[] iv = rs.getBytes("planfile_iv");
                    byte[] data = rs.getBytes("planfile");
                    byte[] out = new byte[iv.length + data.length];
                    System.arraycopy(iv, 0, out, 0, iv.length);
                    System.arraycopy(data, 0, out, iv.length, data.length);
                    return out;
                }));
    }

    /** The sha256 of the run's planfile, without decrypting it: enough to check an approval still matches. */
    public Optional<String> sha256(long runId) {
        return scope.run("reading the plan sha256 of run " + runId, c -> Sql.one(c,
                "SELECT planfile_sha256 FROM plans WHERE run_id = ?", ps -> ps.setLong(1, runId),
                rs -> rs.getString(1)));
    }

    private PlanCipher.Sealed seal(byte[] planfile, long runId, String doing) {
        try {
            return cipher.seal(planfile, context(runId));
        } catch (GeneralSecurityException e) {
            throw new StoreException(doing + ": encrypting the planfile: " + e.getMessage(), e);
        }
    }

    private byte[] open(PlanCipher.Sealed sealed, long runId, String doing) {
        try {
            return cipher.open(sealed, context(runId));
        } catch (GeneralSecurityException | ProviderException e) {
            // A truncated blob surfaces as a ProviderException rather than a bad tag: the same failure to the reader.
            throw new StoreException(doing + ": decrypting the planfile failed; the plan key file is not the one"
                    + " it was saved with, or the stored bytes were altered (" + e + ")", e);
        }
    }

    /** Binds a ciphertext to its run, so swapping two runs' planfiles in the database is detected. */
    private static byte[] context(long runId) {
        return ("plumbline plan of run " + runId).getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
