package dev.plumbline.auth;

import dev.plumbline.store.StoredToken;

/** A token just made: {@code text} is shown this once and is nowhere else; the store keeps {@code stored}. */
public record NewToken(String text, StoredToken stored) {
    @Override
    public String toString() {
        return "NewToken[" + stored.name() + "]";
    }
}
