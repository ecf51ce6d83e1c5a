package dev.stampede.cli;

import dev.stampede.dsl.Units;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.TimedEvent;

import java.util.List;

/**
 * A scenario's fault events ({@code at(10.seconds) { failover() }}) left out because {@code --url}
 * replaced its cluster with hosts stampede does not control: the same load runs against them, and the
 * header and the summary say which events did not. Immutable.
 *
 * @param plan   the plan without those events
 * @param events {@code at 10s: failover()}, one per event left out
 */
record FaultsDropped(Plan plan, List<String> events) {

    FaultsDropped {
        events = List.copyOf(events);
    }

    static FaultsDropped of(Plan plan) {
        List<TimedEvent> kept = plan.events().stream().filter(e -> !e.injectsFaults()).toList();
        List<String> dropped = plan.events().stream().filter(TimedEvent::injectsFaults)
                .map(e -> "at " + Units.text(e.at()) + ": " + String.join(", ", e.faults())).toList();
        Plan without = new Plan(plan.name(), plan.description(), plan.source(), plan.params(), plan.target(), plan.stages(),
                plan.setup(), plan.teardown(), plan.safety(), plan.thresholds(), kept);
        return new FaultsDropped(without, dropped);
    }

    /** One line for the header and the summary. */
    String note() {
        return "--url replaces the scenario's " + plan.target().describe() + ": its fault events are not run, stampede does not control those hosts ("
                + String.join("; ", events) + ")";
    }
}
