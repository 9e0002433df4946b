package io.llmrouter.catalog;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * A wire protocol a provider may speak, as the catalog sees it: its name and the catalog fields only it reads. The
 * types are registered in one place, {@code io.llmrouter.provider.ProviderTypes}, which also makes their adapters;
 * the catalog finds that registry through {@link ServiceLoader}, so it does not depend on the adapters.
 */
public interface ProviderType {

    /** As catalog files name it: {@code type: bedrock}. */
    String wireName();

    /** The provider fields only this type reads. */
    default Set<String> fields() {
        return Set.of();
    }

    /** The model fields only models of this type read. */
    default Set<String> modelFields() {
        return Set.of();
    }

    /**
     * Reads and checks this type's fields of a provider entry; null when the type has none.
     *
     * @param env the environment credentials are read from
     */
    default ProviderSettings settings(CatalogEntry provider, Function<String, String> env) {
        return null;
    }

    /** This type's settings for one model, read from its entry on top of its provider's; null when there are none. */
    default ProviderSettings modelSettings(CatalogEntry model, ProviderSettings provider) {
        return null;
    }

    /** Answers without any network: needs no base URL, and is not a real provider for {@code enabled: if-no-keys}. */
    default boolean simulated() {
        return false;
    }

    /** The error for a provider entry of another type that names one of this type's {@link #fields()}. */
    default String misplaced(String field) {
        return field + " is only allowed for type " + wireName();
    }

    /** The error for a model of another type's provider that names one of this type's {@link #modelFields()}. */
    default String misplacedInModel(String field) {
        return field + " is only allowed for models of a " + wireName() + " provider";
    }

    /** The registered types, in the order error messages list them. */
    static List<ProviderType> registered() {
        List<Registry> found = ServiceLoader.load(Registry.class, ProviderType.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one provider type registry on the class path, found "
                    + found.size());
        }
        return List.copyOf(found.get(0).types());
    }

    /** Where the types are listed: implemented once, by the provider package. */
    interface Registry {

        List<? extends ProviderType> types();
    }
}
