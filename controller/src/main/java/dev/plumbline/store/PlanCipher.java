package dev.plumbline.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for saved plan files, which carry every secret the plan touched. The key sits in its own file,
 * apart from the database, so a copied database or backup alone reveals nothing.
 */
final class PlanCipher {
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final SecureRandom random;

    private PlanCipher(byte[] key, SecureRandom random) {
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    /** The ciphertext carries GCM's tag at its end; the IV is random per blob and is not secret. */
    record Sealed(byte[] iv, byte[] ciphertext) {
    }

    /** Reads the key file, or creates it (rw-------) with a fresh random key when it does not exist yet. */
    static PlanCipher load(Path keyFile) {
        SecureRandom random = new SecureRandom();
        Path file = keyFile.toAbsolutePath();
        String doing = "loading plan key " + file;
        try {
            if (Files.notExists(file)) {
                createKey(file, random);
            }
            OwnerOnlyFiles.requireNotShared(file, doing);
            byte[] key = decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), doing);
            return new PlanCipher(key, random);
        } catch (IOException e) {
            throw new StoreException(doing + ": " + e, e);
        }
    }

    private static byte[] decode(String text, String doing) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new StoreException(doing + ": the file is not base64 (" + e.getMessage() + ")", e);
        }
        if (key.length != KEY_BYTES) {
            throw new StoreException(doing + ": expected a " + KEY_BYTES + "-byte key in base64, found "
                    + key.length + " bytes");
        }
        return key;
    }

    private static void createKey(Path file, SecureRandom random) throws IOException {
        OwnerOnlyFiles.createDirectories(file.getParent());
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        String text = Base64.getEncoder().encodeToString(key) + "\n";
        try {
            OwnerOnlyFiles.createNew(file, text.getBytes(StandardCharsets.US_ASCII));
        } catch (FileAlreadyExistsException e) {
            // Another process made the key between our check and our write; theirs is the one to use.
        }
    }

    /** {@code context} is bound into the tag, so a blob moved to another run's row no longer decrypts. */
    Sealed seal(byte[] plaintext, byte[] context) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(context);
        return new Sealed(iv, cipher.doFinal(plaintext));
    }

    /** Throws {@link javax.crypto.AEADBadTagException} for a wrong key, another context or altered bytes. */
    byte[] open(Sealed sealed, byte[] context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.iv()));
        cipher.updateAAD(context);
        return cipher.doFinal(sealed.ciphertext());
    }
}
