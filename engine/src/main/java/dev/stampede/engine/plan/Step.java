package dev.stampede.engine.plan;

import java.util.stream.Stream;

/** One thing a worker does in an iteration. Steps are data; the engine's executor gives them meaning. */
public sealed interface Step permits Connect, Sql, Transaction, Pause, Timed, Mix, InsertBatch, UpdateRandom, Copy, Request, Routed {

    /** Which targets can run a step: any, or only those of one protocol. */
    enum Family {
        /** Runs against every target: pause, mix, timed code, {@code connect()}. */
        ANY,
        /** Needs a PostgreSQL target: sql, transaction, insertBatch, updateRandom, copy. */
        SQL,
        /** Needs a TCP request/response target: request. */
        TCP
    }

    /** The family of this step; a mix's branches and a transaction's steps are checked on their own. */
    default Family family() {
        return Family.SQL;
    }

    /** The operation names this step records under (empty for untimed steps). */
    Stream<String> operationNames();
}
