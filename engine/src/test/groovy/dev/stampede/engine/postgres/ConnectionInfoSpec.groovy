package dev.stampede.engine.postgres

import spock.lang.Specification
import spock.lang.Unroll

class ConnectionInfoSpec extends Specification {

    @Unroll
    def "parses #url"() {
        when:
        def info = ConnectionInfo.parse(url, 'me')

        then:
        info.hosts()*.toString() == hosts
        info.database() == db
        info.user() == user
        info.password().orElse(null) == password
        info.options() == options

        where:
        url                                                              || hosts                                   | db       | user   | password | options
        'postgresql://u:p@h1:5432,h2:5433/db?sslmode=require'            || ['h1:5432', 'h2:5433']                  | 'db'     | 'u'    | 'p'      | [sslmode: 'require']
        'postgresql://h1,h2,h3:6000/db'                                  || ['h1:6000', 'h2:6000', 'h3:6000']       | 'db'     | 'me'   | null     | [:]
        'postgresql://h1:5000,h2/db'                                     || ['h1:5000', 'h2:5432']                  | 'db'     | 'me'   | null     | [:]
        'postgres://alice:s%40cret@[::1]:5433/app'                       || ['[::1]:5433']                          | 'app'    | 'alice'| 's@cret' | [:]
        'postgresql://'                                                  || ['localhost:5432']                      | 'me'     | 'me'   | null     | [:]
        'postgresql:///mydb?host=/tmp&port=5433'                         || ['/tmp:5433']                           | 'mydb'   | 'me'   | null     | [:]
        'jdbc:postgresql://db.example:5432/shop?user=bob&password=pw'    || ['db.example:5432']                     | 'shop'   | 'bob'  | 'pw'     | [:]
        'jdbc:postgresql:shop'                                           || ['localhost:5432']                      | 'shop'   | 'me'   | null     | [:]
        "host=h1,h2 port=5432,5433 dbname=x user=y password='a b'"       || ['h1:5432', 'h2:5433']                  | 'x'      | 'y'    | 'a b'    | [:]
        'host=localhost dbname=postgres sslmode=disable'                 || ['localhost:5432']                      | 'postgres'| 'me'  | null     | [sslmode: 'disable']
    }

    @Unroll
    def "masks the password in #url"() {
        expect:
        ConnectionInfo.parse(url, 'me').masked() == masked
        !ConnectionInfo.parse(url, 'me').toString().contains('s3cret')

        where:
        url                                                       || masked
        'postgresql://u:s3cret@h1:5432,h2:5433/db?sslmode=require' || 'postgresql://u:***@h1:5432,h2:5433/db?sslmode=require'
        'jdbc:postgresql://h/db?user=u&password=s3cret'           || 'postgresql://u:***@h:5432/db'
        "host=h user=u password=s3cret"                           || 'postgresql://u:***@h:5432/u'
        'postgresql://u@h/db'                                     || 'postgresql://u@h:5432/db'
    }

    @Unroll
    def "rejects #url with a message that never shows the password"() {
        when:
        ConnectionInfo.parse(url, 'me')

        then:
        def e = thrown(BadUrlException)
        e.message == message
        !e.message.contains('s3cret')

        where:
        url                                   || message
        'mysql://u:s3cret@h/db'               || "not a PostgreSQL URL: expected postgresql://…, jdbc:postgresql://… or key=value pairs (got 'mysql://u:***@h/db')"
        'postgresql://u:s3cret@h:99999/db'    || "port must be a number 1..65535 (got '99999')"
        "host=h password='s3cret"             || "key=value target: unterminated quoted value for 'password'"
        'host=h1,h2 port=1,2,3'               || 'target has 2 hosts but 3 ports'
        ''                                    || 'empty target URL'
    }

    def "driver properties carry the credentials and translate libpq option names"() {
        when:
        def info = ConnectionInfo.parse('postgresql://u:pw@h/db?connect_timeout=3&target_session_attrs=read-write&application_name=x&sslmode=disable', 'me')
        def p = info.driverProperties()

        then:
        info.jdbcUrl() == 'jdbc:postgresql://h:5432/db'
        p.user == 'u'
        p.password == 'pw'
        p.connectTimeout == '3'
        p.targetServerType == 'primary'
        p.ApplicationName == 'x'
        p.sslmode == 'disable'
    }
}
