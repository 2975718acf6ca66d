package dev.varve.tiered;

/**
 * Called after each durable step of an upload or a delete, for crash tests: a hook that throws (or halts)
 * at a step leaves exactly the state a process killed there leaves. Production uses {@link #NONE}.
 */
interface TieringHook {
    /** The steps, in the order one segment goes through them. */
    enum Step {
        COPY_STARTED_RECORDED, OBJECT_UPLOADED, COPY_FINISHED_RECORDED,
        DELETE_STARTED_RECORDED, OBJECT_DELETED, DELETE_FINISHED_RECORDED
    }

    TieringHook NONE = (step, key) -> { };

    /** {@code key} is the object concerned, or the segment id for the metadata steps. */
    void after(Step step, String key);
}
