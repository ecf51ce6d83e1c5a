package dev.stampede.cli

import spock.lang.Requires
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** The JIT compiler threads' CPU, read from /proc, which bench churn prints as its share of the client's CPU. */
class CompilerCpuSpec extends Specification {

    def "reads utime + stime from a stat line, whatever the thread's name holds"() {
        expect:
        CompilerCpu.ticks(stat) == ticks

        where:
        stat                                                                                     || ticks
        '4242 (C2 CompilerThre) S 1 2 3 4 5 6 7 8 9 10 170 23 0 0 20 0 30 0 100 0 0'             || 193
        '4243 (a (b) c) R 1 2 3 4 5 6 7 8 9 10 0 0 0 0 20 0 30 0 100 0 0'                        || 0
        '4244 (C1 CompilerThre) S 1 2 3 4 5 6 7 8 9 10 5 1 0 0 20 0 30 0 100 0 0\n'               || 6
    }

    @Requires({ Files.isDirectory(Path.of('/proc/self/task')) })
    def "counts the CPU this JVM's compiler threads have used, and it only grows"() {
        given: 'code that has run often enough to be compiled'
        long sum = 0
        for (int i = 0; i < 5_000_000; i++) sum += Integer.toString(i).hashCode()

        when:
        long first = CompilerCpu.nanos()
        long second = CompilerCpu.nanos()

        then:
        sum != 42
        first > 0
        first % 10_000_000L == 0
        second >= first
    }
}
