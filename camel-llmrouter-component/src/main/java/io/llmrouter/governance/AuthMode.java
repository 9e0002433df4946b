package io.llmrouter.governance;

/** Whether callers must present a virtual key. */
public enum AuthMode {
    /** Every call needs a valid virtual key. */
    KEYS,
    /** Nobody is asked for a key: for local use only (the gateway warns when it listens beyond loopback). */
    NONE;

    /** @throws IllegalArgumentException naming the accepted values */
    public static AuthMode of(String name) {
        for (AuthMode m : values()) {
            if (m.name().equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("auth mode must be keys or none, not '" + name + "'");
    }
}
