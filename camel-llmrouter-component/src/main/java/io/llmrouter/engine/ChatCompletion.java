package io.llmrouter.engine;

import java.util.List;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.RequestProfile;

/** What a chat completion is to the pipeline, streamed or not: its messages' needs, the models it names. */
abstract class ChatCompletion<T> implements Operation<T> {

    final ChatRequest request;

    ChatCompletion(ChatRequest request) {
        this.request = request;
    }

    @Override
    public RequestProfile profile(Preferences preferences) {
        return RequestProfile.of(request, preferences);
    }

    @Override
    public ChatRequest chatRequest() {
        return request;
    }

    @Override
    public List<String> namedModels() {
        return request.requestedModels();
    }

    @Override
    public boolean embeddings() {
        return false;
    }

    @Override
    public double worstCaseCost(RequestProfile profile, Deployment d) {
        return profile.worstCaseCost(d);
    }

    @Override
    public int expectedTokens(RequestProfile profile, Deployment d) {
        return profile.approximatePromptTokens() + profile.expectedOutputTokens(d);
    }
}
