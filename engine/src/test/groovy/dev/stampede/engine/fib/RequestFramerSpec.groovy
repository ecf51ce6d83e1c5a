package dev.stampede.engine.fib

import spock.lang.Specification

import java.nio.charset.StandardCharsets

class RequestFramerSpec extends Specification {

    static List<RequestFramer.Request> feed(RequestFramer f, String bytes, boolean readEnded = true) {
        def out = []
        byte[] b = bytes.getBytes(StandardCharsets.US_ASCII)
        f.feed(b, 0, b.length, readEnded, out)
        out
    }

    static RequestFramer.Compute n(int n) { new RequestFramer.Compute(n) }

    def "cuts requests at newlines, CRLF and the end of a read: '#input'"() {
        expect:
        feed(new RequestFramer(40), input) == expected

        where:
        input          || expected
        '30\n'         || [n(30)]
        '30\r\n1\r\n'  || [n(30), n(1)]
        '30'           || [n(30)]
        '1\n2\n3'      || [n(1), n(2), n(3)]
        ' 007 \n'      || [n(7)]
        '0\n'          || [n(0)]
        '\n\r\n  \n'   || []
        'abc\n5\n'     || [RequestFramer.NOT_A_NUMBER, n(5)]
        '-1\n'         || [RequestFramer.NOT_A_NUMBER]
        '41\n'         || [RequestFramer.TOO_LARGE]
        '99999999999999999999\n' || [RequestFramer.TOO_LARGE]
        '1' * 101      || [RequestFramer.TOO_LONG]
        '1' * 100      || [RequestFramer.TOO_LARGE]
        ('2' * 150) + '\n3\n' || [RequestFramer.TOO_LONG]
    }

    def "a read that filled the buffer does not end a request: the rest comes with the next read"() {
        given:
        def f = new RequestFramer(40)

        expect:
        feed(f, '1\n2', false) == [n(1)]
        feed(f, '5\n') == [n(25)]
    }

    def "after 'request too long' nothing more is framed"() {
        given:
        def f = new RequestFramer(40)

        expect:
        feed(f, '9' * 120) == [RequestFramer.TOO_LONG]
        feed(f, '1\n') == []
    }
}
