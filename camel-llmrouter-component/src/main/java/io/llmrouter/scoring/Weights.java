package io.llmrouter.scoring;

import java.util.Locale;

import io.llmrouter.api.LlmException;

/** Relative importance of cost, latency and quality for the balanced strategy; normalised to sum to 1. */
public record Weights(double cost, double latency, double quality) {

    public static final Weights DEFAULT = new Weights(0.4, 0.3, 0.3);

    public Weights {
        double sum = cost + latency + quality;
        // written so that NaN fails too; an infinite weight would make the others NaN once normalised
        if (!(cost >= 0 && latency >= 0 && quality >= 0 && sum > 0 && Double.isFinite(sum))) {
            throw new IllegalArgumentException("weights must be finite, >= 0 and not all 0, were cost=" + cost + " latency="
                    + latency + " quality=" + quality);
        }
        cost /= sum;
        latency /= sum;
        quality /= sum;
    }

    /** Parses {@code cost=0.5,latency=0.3,quality=0.2} (missing keys count 0); {@code param} names the source. */
    public static Weights parse(String text, String param) {
        double c = 0;
        double l = 0;
        double q = 0;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) {
                throw LlmException.invalid(param, "Invalid weights '" + text + "': expected cost=N,latency=N,quality=N.");
            }
            double v;
            try {
                v = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw LlmException.invalid(param, "Invalid weight '" + part.trim() + "': not a number.");
            }
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "cost" -> c = v;
                case "latency" -> l = v;
                case "quality" -> q = v;
                default -> throw LlmException.invalid(param, "Unknown weight '" + kv[0].trim()
                        + "': use cost, latency and quality.");
            }
        }
        try {
            return new Weights(c, l, q);
        } catch (IllegalArgumentException e) {
            throw LlmException.invalid(param, "Invalid weights '" + text + "': " + e.getMessage() + ".");
        }
    }
}
