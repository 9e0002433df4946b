package io.llmrouter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A stream delivers its events once, in order, to one subscriber, early ones replayed, nothing after its end. */
class ChatStreamOrderingTest {

    /** Records events as short strings: "chunk:ID", "complete", "error:KIND". */
    private static final class Recorder implements StreamListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onChunk(ChatChunk chunk) {
            events.add("chunk:" + chunk.id);
        }

        @Override
        public void onComplete() {
            events.add("complete");
        }

        @Override
        public void onError(LlmException error) {
            events.add("error:" + error.kind());
        }
    }

    private static ChatChunk chunk(String id) {
        ChatChunk c = new ChatChunk();
        c.id = id;
        return c;
    }

    @Test
    void replaysEventsPushedBeforeSubscribeInOrder() {
        ChatStream s = new ChatStream(new CancelToken());
        s.push(chunk("1"));
        s.push(chunk("2"));
        s.complete();

        Recorder r = new Recorder();
        s.subscribe(r);

        assertThat(r.events).containsExactly("chunk:1", "chunk:2", "complete");
    }

    @Test
    void deliversEarlyAndLateEventsInOneOrder() {
        ChatStream s = new ChatStream(new CancelToken());
        s.push(chunk("1"));
        Recorder r = new Recorder();
        s.subscribe(r);
        s.push(chunk("2"));
        s.complete();

        assertThat(r.events).containsExactly("chunk:1", "chunk:2", "complete");
    }

    @Test
    void deliversNothingAfterAnError() {
        ChatStream s = new ChatStream(new CancelToken());
        Recorder r = new Recorder();
        s.subscribe(r);
        s.push(chunk("1"));
        s.fail(LlmException.of(ErrorKind.STREAM_CUT, "cut"));
        s.push(chunk("2"));
        s.complete();
        s.fail(LlmException.of(ErrorKind.SERVER_ERROR, "again"));

        assertThat(r.events).containsExactly("chunk:1", "error:STREAM_CUT");
    }

    @Test
    void deliversNothingAfterCompleteEvenWhenItCameBeforeSubscribe() {
        ChatStream s = new ChatStream(new CancelToken());
        s.complete();
        s.push(chunk("late"));
        s.fail(LlmException.of(ErrorKind.STREAM_CUT, "cut"));

        Recorder r = new Recorder();
        s.subscribe(r);

        assertThat(r.events).containsExactly("complete");
    }

    @Test
    void acceptsOnlyOneSubscriber() {
        ChatStream s = new ChatStream(new CancelToken());
        s.subscribe(new Recorder());

        assertThatThrownBy(() -> s.subscribe(new Recorder())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancelFiresTheTokenOfTheUpstreamCall() {
        CancelToken token = new CancelToken();
        List<String> actions = new ArrayList<>();
        token.onCancel(() -> actions.add("upstream cancelled"));
        ChatStream s = new ChatStream(token);

        s.cancel();
        s.cancel();

        assertThat(s.isCancelled()).isTrue();
        assertThat(actions).containsExactly("upstream cancelled");
    }
}
