package dev.stampede.engine.postgres

import dev.stampede.engine.config.Settings
import dev.stampede.engine.plan.TargetSpec
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class TargetResolverSpec extends Specification {

    @TempDir
    Path home

    def resolver(Map<String, String> env) {
        new TargetResolver(env, home, Settings.load())
    }

    def "--url wins over the scenario, DATABASE_URL and PG* variables"() {
        expect:
        with(resolver([DATABASE_URL: 'postgresql://d/envdb', PGHOST: 'pghost']).choose(['postgresql://flag/f'], TargetSpec.postgres('postgresql://s/scen')).get()) {
            origin() == ResolvedTarget.Origin.FLAG
            info().hosts()*.host() == ['flag']
        }
    }

    def "then the scenario's own target, then DATABASE_URL, then PG* variables"() {
        expect:
        resolver([DATABASE_URL: 'postgresql://d/envdb']).choose([], TargetSpec.postgres('postgresql://s/scen')).get().origin() == ResolvedTarget.Origin.SCENARIO
        resolver([DATABASE_URL: 'postgresql://d/envdb', PGHOST: 'x']).choose([], TargetSpec.DEFAULT).get().origin() == ResolvedTarget.Origin.DATABASE_URL
        with(resolver([PGHOST: 'pg.example', PGPORT: '6432', PGDATABASE: 'app', PGUSER: 'bob']).choose([], TargetSpec.DEFAULT).get()) {
            origin() == ResolvedTarget.Origin.LIBPQ_ENVIRONMENT
            info().masked() == 'postgresql://bob@pg.example:6432/app'
        }
    }

    def "nothing named means the embedded server"() {
        expect:
        resolver([PGUSER: 'bob', PGPASSWORD: 'x']).choose([], TargetSpec.DEFAULT).isEmpty()
    }

    def "several --url flags are the hosts of one multi-host target"() {
        expect:
        resolver([:]).choose(['postgresql://u@a:1/db', 'postgresql://b:2'], TargetSpec.DEFAULT).get().info().hosts()*.toString() == ['a:1', 'b:2']
    }

    def "a missing password comes from PGPASSWORD, else from the pgpass file"() {
        given:
        Files.writeString(home.resolve('.pgpass'), '# comment\nother:*:*:*:nope\nh:5432:db:u:from\\:pgpass\n')

        expect:
        resolver([PGPASSWORD: 'env']).choose(['postgresql://u@h/db'], TargetSpec.DEFAULT).get().info().password().get() == 'env'
        resolver([:]).choose(['postgresql://u@h/db'], TargetSpec.DEFAULT).get().info().password().get() == 'from:pgpass'
        resolver([:]).choose(['postgresql://u:given@h/db'], TargetSpec.DEFAULT).get().info().password().get() == 'given'
    }
}
