package io.llmrouter.catalog;

import java.util.List;
import java.util.Map;

/**
 * The catalog's {@code regions:} section: each region's failover order, nearest first, and which callers' countries and
 * continents (as a GeoIP database names them) it serves.
 *
 * @param orders     region to its failover order, starting with itself
 * @param countries  ISO 3166-1 alpha-2 country code (upper case) to its region
 * @param continents continent code ({@link #CONTINENTS}) to its region, for countries not named
 */
public record Regions(Map<String, List<String>> orders, Map<String, String> countries,
                      Map<String, String> continents) {

    /** The continent codes of MaxMind's databases. */
    public static final List<String> CONTINENTS = List.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

    public static final Regions NONE = new Regions(Map.of(), Map.of(), Map.of());

    public Regions {
        orders = Map.copyOf(orders);
        countries = Map.copyOf(countries);
        continents = Map.copyOf(continents);
    }

    /** The regions to try for a request from {@code region}, nearest first; just the region when none is declared. */
    public List<String> order(String region) {
        return orders.getOrDefault(region, List.of(region));
    }

    /**
     * The region serving a caller located in this country and continent: the country's, else the continent's; null
     * when neither is mapped.
     *
     * @param country   ISO 3166-1 alpha-2 code, or null
     * @param continent continent code, or null
     */
    public String of(String country, String continent) {
        String r = country == null ? null : countries.get(country);
        return r != null || continent == null ? r : continents.get(continent);
    }

    /** Whether any country or continent is mapped: without it, a GeoIP database has nothing to decide. */
    public boolean located() {
        return !countries.isEmpty() || !continents.isEmpty();
    }
}
