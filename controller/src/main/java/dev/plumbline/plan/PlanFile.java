package dev.plumbline.plan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * A saved {@code show -json} output read from a file or a pipe: streamed into the reader, never held as bytes,
 * refused past {@link #MAX_BYTES} (a plan's tree takes several times its size in memory) and where it is not
 * UTF-8. Failures read {@code reading the file: <why>}; the caller names the file. The plan is read to be
 * analysed, so it carries no {@link Plan#maskedJson() masked copy} of the document.
 */
public final class PlanFile {
    /** The largest plan read: far above real plans, and what fits the CLI's heap a few times over. */
    public static final long MAX_BYTES = 256L << 20;

    private PlanFile() {
    }

    public static Plan read(Path file) throws PlanFormatException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new PlanFormatException("reading the file: no such file");
        } catch (AccessDeniedException e) {
            throw new PlanFormatException("reading the file: permission denied");
        } catch (IOException e) {
            throw new PlanFormatException("reading the file: " + why(e));
        }
        if (attributes.isDirectory()) {
            throw new PlanFormatException("reading the file: is a directory");
        }
        if (attributes.isRegularFile() && attributes.size() > MAX_BYTES) {
            throw new PlanFormatException("reading the file: it is " + ((attributes.size() + (1 << 20) - 1) >> 20) + " MB; a plan is"
                    + " read up to " + (MAX_BYTES >> 20) + " MB");
        }
        try (InputStream in = new CheckedInput(Files.newInputStream(file), MAX_BYTES)) {
            return PlanReader.read(in, false);
        } catch (CheckedInput.Refused e) {
            throw new PlanFormatException("reading the file: " + e.getMessage());
        } catch (AccessDeniedException e) {
            throw new PlanFormatException("reading the file: permission denied");
        } catch (IOException e) {
            throw new PlanFormatException("reading the file: " + why(e));
        }
    }

    /** The operating system's reason, without the path (the caller names it) or the exception's type. */
    private static String why(IOException e) {
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return reason == null || reason.isBlank() ? "it cannot be read" : reason.toLowerCase(Locale.ROOT);
    }
}
