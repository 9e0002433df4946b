package io.llmrouter.catalog;

/** The catalog file is wrong: the message names the file, the entry and what is wrong. */
public final class CatalogException extends RuntimeException {

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
