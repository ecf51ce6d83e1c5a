package dev.stampede.cli

import org.openqa.selenium.chrome.ChromeDriver
import org.openqa.selenium.chrome.ChromeDriverService
import org.openqa.selenium.chrome.ChromeOptions

import java.nio.file.Files

/**
 * The distribution's Chromium (Debian: chromium, chromium-driver) driven headless through its own
 * chromedriver by Selenium: nothing is downloaded (Selenium Manager runs only when no driver path is
 * given). Specs only.
 */
class HeadlessChromium {

    static final File BROWSER = new File('/usr/bin/chromium')
    static final File DRIVER = new File('/usr/bin/chromedriver')

    /** Why browser specs cannot run here, or null when they can. */
    static String missing() {
        if (!BROWSER.canExecute()) return "no Chromium at $BROWSER (Debian: apt-get install chromium chromium-driver; .ci/run installs it)"
        if (!DRIVER.canExecute()) return "no chromedriver at $DRIVER (Debian: apt-get install chromium-driver)"
        null
    }

    static ChromeDriver open(int width = 1100, int height = 1400) {
        def profile = Files.createTempDirectory('stampede-chromium-')
        def options = new ChromeOptions()
        options.setBinary(BROWSER)
        options.addArguments('--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
                "--user-data-dir=$profile", "--window-size=$width,$height")
        def service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort()
                .withTimeout(java.time.Duration.ofSeconds(120)) // the driver's start-up, waited for (the default 20 s is tight on a busy machine)
                .build()
        new ChromeDriver(service, options)
    }
}
