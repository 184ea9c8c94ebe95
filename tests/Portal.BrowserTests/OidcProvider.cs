using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Portal.BrowserTests;

/// <summary>
/// A real OpenID Connect provider, npm's oidc-provider, run with Node on a loopback port (tests/oidc-provider/server.mjs).
/// Its npm packages are installed from the lock file (npm ci) the first time, so a fresh clone needs nothing by hand.
/// Clients: "portal" (the portal under test) and "other-app" (whose tokens the portal must refuse), both accepting the
/// redirect URIs of the portal ports given.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "portal";
    public const string ClientSecret = "portal-test-client-secret-5c1e";
    private const string OtherClientId = "other-app";
    private const string OtherClientSecret = "other-app-test-secret-93ad";

    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly Process _node;
    private readonly string _configFile;

    private OidcProvider(Process node, string configFile, Uri issuer)
    {
        _node = node;
        _configFile = configFile;
        Issuer = issuer;
    }

    /// <summary>The provider's issuer (and the portal's Authority), e.g. http://127.0.0.1:41234.</summary>
    public Uri Issuer { get; }

    /// <summary>Discovery that names this issuer but hands out a second provider's endpoints and keys: tokens from another issuer.</summary>
    public Uri WrongIssuerAuthority => new(Issuer, "/wrong-issuer");

    /// <summary>The real provider, with sign-in and token exchange done as "other-app": tokens for another audience.</summary>
    public Uri WrongAudienceAuthority => new(Issuer, "/wrong-audience");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<OidcProvider> StartAsync(IEnumerable<int> portalPorts)
    {
        var directory = Path.Combine(RepositoryRoot(), "tests", "oidc-provider");
        await InstallAsync(directory);
        var ports = portalPorts.ToList();
        var config = new
        {
            port = 0,
            impostorClientId = OtherClientId,
            clients = new[] { (Id: ClientId, Secret: ClientSecret), (Id: OtherClientId, Secret: OtherClientSecret) }.Select(c => new
            {
                id = c.Id,
                secret = c.Secret,
                redirectUris = ports.Select(p => $"http://127.0.0.1:{p}/signin-oidc").ToArray(),
                postLogoutRedirectUris = ports.Select(p => $"http://127.0.0.1:{p}/signout-callback-oidc").ToArray(),
            }),
        };
        var configFile = Path.Combine(Path.GetTempPath(), $"oidc-provider-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config));

        var node = Process.Start(new ProcessStartInfo("node", ["server.mjs", configFile])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start");
        var errors = new System.Text.StringBuilder();
        node.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        node.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await node.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                lock (errors) throw new InvalidOperationException($"The OpenID provider stopped before serving: {errors}");
            }
            if (line.StartsWith("listening ", StringComparison.Ordinal))
                return new OidcProvider(node, configFile, new Uri(line.Split(' ')[1]));
        }
    }

    private static async Task InstallAsync(string directory)
    {
        await Install.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(directory, "node_modules", "oidc-provider"))) return;
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = directory,
                UseShellExecute = false })
                ?? throw new InvalidOperationException("npm did not start: Node.js and npm are needed for the sign-in tests");
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {directory} failed with exit code {npm.ExitCode}");
        }
        finally
        {
            Install.Release();
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited) _node.Kill(entireProcessTree: true);
        await _node.WaitForExitAsync();
        _node.Dispose();
        File.Delete(_configFile);
    }
}
