package io.llmrouter.api;

import java.util.ArrayList;
import java.util.List;

/** Lets the caller's side (a disconnect, a deadline) cancel whatever upstream calls a request has under way. */
public final class CancelToken {

    private List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** Runs the action on cancel, at once if already cancelled. */
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = actions;
            actions = List.of();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }
}
