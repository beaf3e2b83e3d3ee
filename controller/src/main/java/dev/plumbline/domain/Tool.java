package dev.plumbline.domain;

import java.util.Locale;

/** The infrastructure-as-code binary a workspace is driven with. */
public enum Tool {
    TOFU("tofu"),
    TERRAFORM("terraform");

    private final String command;

    Tool(String command) {
        this.command = command;
    }

    /** The conventional executable name, also the spelling used in config files and the store. */
    public String command() {
        return command;
    }

    public static Tool parse(String value) {
        for (Tool t : values()) {
            if (t.command.equals(value.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tool '" + value + "' (expected tofu or terraform)");
    }
}
