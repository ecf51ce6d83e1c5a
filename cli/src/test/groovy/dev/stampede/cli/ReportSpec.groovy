package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import org.openqa.selenium.By
import org.openqa.selenium.OutputType
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import javax.imageio.ImageIO
import java.nio.file.Files
import java.nio.file.Path

/**
 * report.html of a real sweep run (churn, embedded PostgreSQL), opened in headless Chromium: its
 * tables agree with summary.json, its charts decode, it fetches nothing; `stampede report DIR` writes
 * it again from the folder alone.
 */
class ReportSpec extends Specification {

    @Shared
    @TempDir
    Path tmp

    @Shared
    Path run

    @Shared
    Cli result

    def setupSpec() {
        run = tmp.resolve('sweep')
        result = Cli.run('run', 'churn', '--set', 'sweep=1..4', '--set', 'stageDuration=1s', '--sweep-pause', '0s', '--no-tui', '--out', run.toString())
    }

    def "a run writes report.html after summary.json, and histogram.png and sweep.png for a sweep"() {
        expect:
        result.exit == 0
        result.out.contains("report: ${run.resolve('report.html')}")
        ['report.html', 'histogram.png', 'sweep.png', 'sweep-curve.png', 'sweep-levels.png'].every { Files.size(run.resolve(it)) > 1000 }
        ImageIO.read(run.resolve('histogram.png').toFile()).width == 960
        ImageIO.read(run.resolve('sweep.png').toFile()).height == 360
        def summary = new ObjectMapper().readTree(run.resolve('summary.json').toFile())
        summary.path('environment').path('serverVersion').asText().startsWith('17')
        summary.path('environment').path('jdk').asText().contains(Runtime.version().feature() as String)
        summary.path('stages').size() == 3
    }

    def "report.html is one self-contained file: no script, no link, every image a data URI"() {
        when:
        def html = Files.readString(run.resolve('report.html'))

        then:
        !html.contains('<script')
        !html.contains('<link')
        !(html =~ /(src|href)="(https?:|\/\/)/)
        (html =~ /<img [^>]*src="data:image\/png;base64,/).count >= 5
    }

    @IgnoreIf(value = { HeadlessChromium.missing() != null },
            reason = 'needs /usr/bin/chromium and /usr/bin/chromedriver (Debian: apt-get install chromium chromium-driver; .ci/run installs them)')
    def "in Chromium, the tables agree with summary.json and every chart decodes"() {
        given:
        def summary = new ObjectMapper().readTree(run.resolve('summary.json').toFile())
        def driver = HeadlessChromium.open()

        when:
        driver.get(run.resolve('report.html').toUri().toString())
        def rows = driver.findElements(By.cssSelector('#operations tr[data-operation]'))
        def charts = driver.findElements(By.cssSelector('img.chart'))
        def decoded = charts.collect { img ->
            driver.executeScript('return arguments[0].complete && arguments[0].naturalWidth', img) as long
        }
        def header = driver.findElements(By.cssSelector('#header td[data-key]')).collectEntries { [it.getAttribute('data-key'), it.text] }
        def stageRows = driver.findElements(By.cssSelector('#stages tr')).size() - 1
        def shot = driver.getScreenshotAs(OutputType.BYTES)
        Files.write(run.resolve('report-screenshot.png'), shot)

        then:
        driver.title == 'stampede · churn'
        rows*.getAttribute('data-operation') == summary.path('operations').fieldNames().toList()
        rows.every { row ->
            def op = summary.path('operations').path(row.getAttribute('data-operation'))
            row.findElement(By.cssSelector('td.count')).text as long == op.path('count').asLong() &&
                    row.findElement(By.cssSelector('td.errors')).text as long == op.path('errors').asLong()
        }
        header.scenario == 'churn'
        header['exit code'].startsWith('0 ')
        header.target == summary.path('target').asText()
        header.server == summary.path('environment').path('serverVersion').asText()
        header.JDK == summary.path('environment').path('jdk').asText()
        header.params.contains('sweep=1..4')
        stageRows == 3
        charts*.getAttribute('data-chart') as Set == ['sweep', 'sweep-curve', 'sweep-levels', 'percentiles', 'errors', 'rate:connect', 'latency:connect'] as Set
        decoded.every { it == 960 }
        driver.findElement(By.cssSelector('p.markers')).text.contains('2 workers at')
        ImageIO.read(new ByteArrayInputStream(shot)).width > 500

        cleanup:
        driver?.quit()
    }

    def "stampede report DIR writes the report again from the folder's files alone"() {
        given:
        def copy = Files.createDirectories(tmp.resolve('copy'))
        ['summary.json', 'timeline.csv', 'latency.hlog'].each { Files.copy(run.resolve(it), copy.resolve(it)) }

        when:
        def r = Cli.run('report', copy.toString())

        then:
        r.exit == 0
        r.err == ''
        r.out.readLines() == ["wrote ${copy.resolve('report.html')}", "wrote ${copy.resolve('histogram.png')}",
                              "wrote ${copy.resolve('sweep.png')}", "wrote ${copy.resolve('sweep-curve.png')}",
                              "wrote ${copy.resolve('sweep-levels.png')}"]*.toString()
        Files.readString(copy.resolve('report.html')).contains('<td class="num count">' +
                new ObjectMapper().readTree(copy.resolve('summary.json').toFile()).path('operations').path('connect').path('count').asLong())
    }

    def "stampede report on a folder that is not a result folder is one line and exit 2"() {
        when:
        def r = Cli.run('report', tmp.resolve('nowhere').toString())

        then:
        r.exit == 2
        r.err == "stampede report: ${tmp.resolve('nowhere')}: no such folder\n"
    }
}
