package dev.stampede.engine.result

import spock.lang.Specification

import java.time.Duration
import java.time.Instant

/** The exit code of a run, decided in one place from the stop reason, thresholds and typed verdicts. */
class ExitCodeSpec extends Specification {

    static RunSummary summary(StopReason reason, String message, Verdicts verdicts) {
        new RunSummary('s', Instant.now(), Duration.ofSeconds(1), 't', new RunControl.StopRequest(reason, message), [:], [],
                Duration.ZERO, 0, [:], [], [], verdicts)
    }

    def "#why → #code"() {
        expect:
        ExitCode.of(summary(reason, message, verdicts), thresholdFailed) == code

        where:
        why                                                  | reason                 | message                    | verdicts                     | thresholdFailed || code
        'completed, every threshold held'                    | StopReason.COMPLETED   | 'completed'                | Verdicts.NONE                | false           || 0
        'completed, a threshold failed'                      | StopReason.COMPLETED   | 'completed'                | Verdicts.NONE                | true            || 1
        'completed, an acknowledged write lost'              | StopReason.COMPLETED   | 'completed'                | new Verdicts(false, true)    | false           || 1
        'completed, but not one connection could be held'    | StopReason.COMPLETED   | 'completed'                | new Verdicts(true, false)    | false           || 3
        'interrupted, whatever failed'                       | StopReason.INTERRUPTED | 'SIGINT'                   | new Verdicts(false, true)    | true            || 130
        'aborted by an abort-on-fail threshold'              | StopReason.ABORTED     | 'threshold failed: p99 …'  | Verdicts.NONE                | false           || 1
        'aborted by the safety margin'                       | StopReason.ABORTED     | 'safety: only 2 free'      | Verdicts.NONE                | false           || 3
    }

    def "findings turn hold results and the ledger check into verdicts"() {
        given:
        def f = new Findings()

        expect:
        f.verdicts() == Verdicts.NONE

        when:
        f.held(0)
        f.held(0)

        then:
        f.verdicts() == new Verdicts(true, false)

        when:
        f.held(3)
        f.writesLost()

        then:
        f.verdicts() == new Verdicts(false, true)
    }
}
