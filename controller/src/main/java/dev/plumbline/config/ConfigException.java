package dev.plumbline.config;

import dev.plumbline.domain.PlumblineException;
import java.util.List;

/**
 * A configuration file that cannot be used, with every problem found in it rather than only the first, so one
 * edit can fix them all. Each problem reads {@code <field path>: <what is wrong>}; the message prefixes each with
 * the file and puts one problem on a line.
 */
public class ConfigException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final List<String> problems;

    public ConfigException(String file, List<String> problems) {
        super(message(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String file, String problem, Throwable cause) {
        super(message(file, List.of(problem)), cause);
        this.file = file;
        this.problems = List.of(problem);
    }

    /** The file as named to the user: the path given for the daemon config, {@code <repo>/.plumbline.yaml}. */
    public String file() {
        return file;
    }

    /** One entry per problem, each {@code <field path>: <what is wrong>} (file-level problems have no path). */
    public List<String> problems() {
        return problems;
    }

    private static String message(String file, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        for (String p : problems) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(file).append(": ").append(p);
        }
        return sb.toString();
    }
}
