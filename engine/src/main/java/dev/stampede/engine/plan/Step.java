package dev.stampede.engine.plan;

import java.util.stream.Stream;

/** One thing a worker does in an iteration. Steps are data; the engine's executor gives them meaning. */
public sealed interface Step permits Connect, Sql, Transaction, Pause, Timed, Mix, InsertBatch, UpdateRandom, Copy {

    /** The operation names this step records under (empty for untimed steps). */
    Stream<String> operationNames();
}
