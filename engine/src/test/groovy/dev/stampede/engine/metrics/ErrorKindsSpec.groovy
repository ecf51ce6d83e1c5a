package dev.stampede.engine.metrics

import org.postgresql.util.PSQLException
import org.postgresql.util.PSQLState
import spock.lang.Specification

import java.sql.SQLException

class ErrorKindsSpec extends Specification {

    def "names failures by SQLSTATE, or by network kind when pgjdbc wraps one"() {
        expect:
        ErrorKinds.classify(error) == kind

        where:
        error                                                                                     || kind
        new SQLException('sorry, too many clients already', '53300')                              || '53300'
        new PSQLException('refused', PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException('Connection refused')) || 'refused'
        new PSQLException('timeout', PSQLState.CONNECTION_UNABLE_TO_CONNECT, new SocketTimeoutException('connect timed out')) || 'timeout'
        new PSQLException('io', PSQLState.CONNECTION_FAILURE, new SocketException('Connection reset'))  || 'reset'
        new PSQLException('io', PSQLState.CONNECTION_FAILURE, new IOException('Too many open files'))  || 'too_many_open_files'
        new IllegalStateException('x')                                                            || 'IllegalStateException'
    }

    def "describes known SQLSTATEs by name and marks exhaustion"() {
        expect:
        ErrorKinds.describe('53300') == '53300 too_many_connections'
        ErrorKinds.describe('refused') == 'refused'
        ErrorKinds.isExhaustion('53300')
        ErrorKinds.isExhaustion('too_many_open_files')
        !ErrorKinds.isExhaustion('refused')
    }
}
