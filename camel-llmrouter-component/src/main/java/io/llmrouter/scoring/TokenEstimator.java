package io.llmrouter.scoring;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmrouter.catalog.Deployment;

/**
 * Counts prompt tokens. OpenAI-family models are counted with their real BPE (o200k_base for gpt-4o, gpt-4.1, gpt-5
 * and the o-series; cl100k_base for gpt-4, gpt-3.5 and text-embedding-3) through jtokkit. Other models are estimated
 * at four characters a token, the usual rule of thumb for English with Llama, Mistral and Claude tokenizers (within
 * about 20 % of their counts on English prose; more tokens for code and non-Latin scripts).
 */
public final class TokenEstimator {

    /** Per message: OpenAI's chat format adds about three tokens of framing, plus three to prime the reply. */
    static final int PER_MESSAGE = 3;
    static final int PER_REQUEST = 3;

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    public enum Family {
        O200K, CL100K, APPROXIMATE
    }

    private TokenEstimator() {
    }

    public static Family familyOf(Deployment d) {
        String name = d.model().upstream() == null ? d.id() : d.model().upstream();
        int slash = name.lastIndexOf('/');
        char first = slash + 1 < name.length() ? name.charAt(slash + 1) : ' ';
        if (first != 'g' && first != 'o' && first != 'c' && first != 't') {
            return Family.APPROXIMATE;
        }
        String n = slash >= 0 ? name.substring(slash + 1) : name;
        if (n.startsWith("gpt-4o") || n.startsWith("gpt-4.1") || n.startsWith("gpt-5") || n.startsWith("o1")
                || n.startsWith("o3") || n.startsWith("o4") || n.startsWith("chatgpt-4o")) {
            return Family.O200K;
        }
        if (n.startsWith("gpt-4") || n.startsWith("gpt-3.5") || n.startsWith("text-embedding")) {
            return Family.CL100K;
        }
        return Family.APPROXIMATE;
    }

    static int count(Family family, String text, int messages) {
        int framing = messages * PER_MESSAGE + PER_REQUEST;
        return switch (family) {
            case O200K -> encoding(EncodingType.O200K_BASE).countTokens(text) + framing;
            case CL100K -> encoding(EncodingType.CL100K_BASE).countTokens(text) + framing;
            case APPROXIMATE -> approximate(text) + framing;
        };
    }

    /** Four characters a token, rounded up. */
    public static int approximate(String text) {
        return (text.length() + 3) / 4;
    }

    private static Encoding encoding(EncodingType type) {
        return REGISTRY.getEncoding(type);
    }
}
