using EdgeSound.Daemon.Tests.EndToEnd;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;

namespace EdgeSound.Daemon.Tests.Web;

/// <summary>
/// The dashboard in headless Chromium (Debian <c>chromium</c> + <c>chromium-driver</c>, driven by Selenium) while the
/// daemon listens to the demo WAV at real-time speed, keeping event clips: the spectrogram canvas fills, event rows
/// appear with a clip play button whose clip loads, and a cue composed in the Cues panel plays (its rendered WAV
/// loads into the audio element). The screenshots are saved as <c>dashboard.png</c> and <c>dashboard-phone.png</c>
/// (390 px wide) beside the tests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests
{
    private const string Token = "browser-token";

    [Fact]
    public void The_page_shows_a_live_spectrogram_and_event_rows()
    {
        var state = Path.Combine(Path.GetTempPath(), $"es-dash-{Guid.NewGuid():N}");
        var port = WebApiTests.FreePort();
        var demo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../firmware/demo/demo.wav"));
        using var daemon = DaemonProcess.Start(["--input", demo, "--speed", "realtime", "--set", $"state_dir={state}",
            "--set", $"web:listen=http://127.0.0.1:{port}", "--set", $"web:token={Token}", "--set", "clips:enabled=true"]);
        try
        {
            Assert.True(daemon.WaitForLog("Dashboard at", TimeSpan.FromSeconds(60)), daemon.Stderr);
            var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
            options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=1100,1400");
            using var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
            using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            driver.Navigate().GoToUrl($"http://127.0.0.1:{port}/?token={Token}");
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(60));
            wait.Until(d => Lit((IJavaScriptExecutor)d) > 0.2);
            wait.Until(d => d.FindElements(By.CssSelector("#events tbody tr")).Count > 0);
            Assert.NotEqual("--", driver.FindElement(By.Id("level")).Text);
            Assert.NotEmpty(driver.FindElements(By.CssSelector("#classes tbody tr")));
            var js = (IJavaScriptExecutor)driver;

            // An event with a clip gets a play button; pressing it loads the clip into the page's audio element
            // (pressed again while the clip is still on its way to the disk and the first load failed).
            wait.Until(d => d.FindElements(By.CssSelector("#events tbody tr button.play-clip")).Count > 0);
            wait.Until(_ => Convert.ToBoolean(js.ExecuteScript("""
                const a = document.getElementById('clip-audio');
                if (a.duration > 0) return true;
                if (!a.src || a.error) document.querySelector('#events button.play-clip').click();
                return false;
                """), System.Globalization.CultureInfo.InvariantCulture));

            // Compose a cue from the sliders and play it: the daemon's rendered WAV loads into the cue's audio element.
            wait.Until(d => d.FindElements(By.CssSelector("#cue-label option")).Count > 0);
            driver.FindElement(By.Id("cue-compose")).Click();
            wait.Until(d => d.FindElement(By.Id("cue-pattern")).GetDomProperty("value")?.Contains(':', StringComparison.Ordinal) == true);
            driver.FindElement(By.Id("cue-play")).Click();
            wait.Until(_ => Convert.ToDouble(js.ExecuteScript("const a = document.getElementById('cue-audio'); return isFinite(a.duration) ? a.duration : 0;"),
                System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.StartsWith("blob:", Convert.ToString(js.ExecuteScript("return document.getElementById('cue-audio').src;"), System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

            var shot = ((ITakesScreenshot)driver).GetScreenshot();
            shot.SaveAsFile(Path.Combine(AppContext.BaseDirectory, "dashboard.png"));
            Assert.True(shot.AsByteArray.Length > 10_000);

            // A phone screen: the cards stack and nothing is wider than the viewport.
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            wait.Until(d => Convert.ToInt64(((IJavaScriptExecutor)d).ExecuteScript("return document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture) <= 390);
            var overflow = Convert.ToInt64(((IJavaScriptExecutor)driver).ExecuteScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(0, overflow);
            ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(AppContext.BaseDirectory, "dashboard-phone.png"));
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill();
            }

            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>Share of the spectrogram canvas's pixels that are not black, read in the page.</summary>
    private static double Lit(IJavaScriptExecutor js) => Convert.ToDouble(js.ExecuteScript("""
        const c = document.getElementById('spectrogram');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let lit = 0;
        for (let i = 0; i < d.length; i += 4) { if (d[i] + d[i + 1] + d[i + 2] > 30) lit++; }
        return lit / (d.length / 4);
        """), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Chromium and a real-time daemon take a core: they run alone, not beside tests that time live capture.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
