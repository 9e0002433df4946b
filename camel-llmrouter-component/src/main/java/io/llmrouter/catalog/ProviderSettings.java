package io.llmrouter.catalog;

/**
 * What a provider type reads from its catalog entry beyond the fields every provider has (Bedrock's region and AWS
 * keys, Azure's API version, the simulator's behaviour). Each type has its own record; its adapter reads it back.
 */
public interface ProviderSettings {

    /** The base URL when the entry names none (Bedrock's follows from its region); null when the entry must name one. */
    default String defaultBaseUrl() {
        return null;
    }

    /** Why the provider cannot be used (a credential variable is unset), for its disabled reason; null when it can. */
    default String unavailable() {
        return null;
    }
}
