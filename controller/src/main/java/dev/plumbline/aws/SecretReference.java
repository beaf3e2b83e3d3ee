package dev.plumbline.aws;

/**
 * Where a variable's value lives, as written in a workspace's settings: {@code ssm:/path/name} (an SSM parameter,
 * decrypted when it is a SecureString), {@code secretsmanager:name} (a secret's string) or
 * {@code secretsmanager:name#key} (one key of a secret whose string is a JSON object). Names may also be ARNs.
 */
public record SecretReference(Store store, String name, String jsonKey) {
    public static final String SSM_PREFIX = "ssm:";
    public static final String SECRETS_MANAGER_PREFIX = "secretsmanager:";

    public enum Store { SSM, SECRETS_MANAGER }

    public SecretReference {
        if (store == null || name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the " + (store == Store.SSM ? "parameter" : "secret")
                    + " name is empty or contains spaces");
        }
        if (jsonKey != null && (store == Store.SSM || jsonKey.isEmpty())) {
            throw new IllegalArgumentException(store == Store.SSM
                    ? "ssm references take no #key" : "the JSON key after '#' is empty");
        }
    }

    /** True for a value that names a secret rather than being the value itself. */
    public static boolean isReference(String value) {
        return value != null && (value.startsWith(SSM_PREFIX) || value.startsWith(SECRETS_MANAGER_PREFIX));
    }

    /** Reads a reference; the exception's message says what is wrong with it, without repeating it. */
    public static SecretReference parse(String reference) {
        if (reference == null) {
            throw new IllegalArgumentException("no reference given");
        }
        if (reference.startsWith(SSM_PREFIX)) {
            return split(Store.SSM, reference.substring(SSM_PREFIX.length()));
        }
        if (reference.startsWith(SECRETS_MANAGER_PREFIX)) {
            return split(Store.SECRETS_MANAGER, reference.substring(SECRETS_MANAGER_PREFIX.length()));
        }
        throw new IllegalArgumentException("expected ssm:<parameter> or secretsmanager:<secret>[#<key>]");
    }

    // Parameter and secret names (and their ARNs) cannot contain '#', so the first one starts the key, which may
    // contain more.
    private static SecretReference split(Store store, String rest) {
        int hash = rest.indexOf('#');
        return hash < 0 ? new SecretReference(store, rest, null)
                : new SecretReference(store, rest.substring(0, hash), rest.substring(hash + 1));
    }

    @Override
    public String toString() {
        return store == Store.SSM ? SSM_PREFIX + name
                : SECRETS_MANAGER_PREFIX + name + (jsonKey != null ? "#" + jsonKey : "");
    }
}
