using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>Debian's Chromium under Playwright (no browser download), and where screenshots go.</summary>
internal static class Browser
{
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this machine refuses.
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });

    /// <summary>A file under tests/Portal.BrowserTests/TestResults, created if needed.</summary>
    public static string ResultFile(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.BrowserTests.csproj"))) directory = directory.Parent;
        var results = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(results);
        return Path.Combine(results, name);
    }
}
