using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Portal.LocalMode;
using Portal.Tests.Security;

namespace Portal.Tests.Cluster;

/// <summary>
/// A portal instance of a <see cref="PortalCluster"/> as its own process (<c>dotnet Portal.dll</c>, from this test's
/// bin folder), so it can die as a crashed server does: killed, with no shutdown, no hand-back and no last check-in.
/// It runs in AWS mode against the cluster's LocalCloud (the AWS SDK's endpoint variables, LocalCloud's test keys,
/// the topology of its world) and takes bearer tokens signed by <see cref="SecureHost.SigningKey"/>.
/// </summary>
internal sealed partial class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What the process wrote so far, for a failing assertion's message.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="environment">Set after the cluster's settings; a null value removes the variable (e.g. the test keys, for a profile test).</param>
    public static async Task<PortalProcess> StartAsync(PortalCluster cluster, string instanceId, IReadOnlyDictionary<string, string?>? environment = null)
    {
        // The test host runs under the dotnet that built it; the portal runs under the same one.
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(dotnet, [Path.Combine(AppContext.BaseDirectory, "Portal.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // What the test run's own environment may hold and AWS mode or the chosen address would trip over.
        foreach (var inherited in new[] { "PORTAL_LOCAL_TOKEN", "PORT", "ASPNETCORE_HTTP_PORTS" }) start.Environment.Remove(inherited);
        foreach (var (key, value) in Settings(cluster, instanceId)) start.Environment[key.Replace(":", "__")] = value;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(key); else start.Environment[key] = value;

        var portal = new PortalProcess(Process.Start(start)!);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            lock (portal._output) portal._output.AppendLine(line);
            if (ListeningLine().Match(line) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
        portal._process.OutputDataReceived += (_, e) => Read(e.Data);
        portal._process.ErrorDataReceived += (_, e) => Read(e.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        _ = portal._process.WaitForExitAsync().ContinueWith(_ => listening.TrySetException(new InvalidOperationException($"The portal process exited before " +
            $"it served:\n{portal.Output}")));

        // A bound for a start-up on a busy machine, not a measured time.
        portal.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return portal;
    }

    /// <summary>An operator's client: a bearer token from the test identity provider.</summary>
    public HttpClient OperatorClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SecureHost.Jwt([SecureHost.OperatorGroup]));
        return client;
    }

    /// <summary>Dies at once (SIGKILL), as a crashed host: nothing it was doing is handed back.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    private static Dictionary<string, string> Settings(PortalCluster cluster, string instanceId)
    {
        var settings = new Dictionary<string, string>(PortalApplication.TestPace)
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AWS_ENDPOINT_URL"] = cluster.Cloud.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["Portal:Mode"] = "Aws",
            // LocalCloud's service endpoints are plain HTTP on loopback.
            ["Portal:Status:ProbeScheme"] = "http",
            ["Portal:Auth:Issuer"] = SecureHost.Issuer,
            ["Portal:Auth:Audience"] = SecureHost.Audience,
            ["Portal:Auth:SigningKeys:0:KeyId"] = "k1",
            ["Portal:Auth:SigningKeys:0:Pem"] = SecureHost.SigningKey.ExportSubjectPublicKeyInfoPem(),
            ["Portal:Auth:RoleGroups:Operator:0"] = SecureHost.OperatorGroup,
        };
        foreach (var (key, value) in cluster.DataSettings(instanceId)) settings[key] = value;
        var topology = LocalCloudRuntime.ToTopology(cluster.Cloud.World);
        foreach (var (env, e) in topology.Environments.Select((env, e) => (env, e)))
        {
            var prefix = $"Portal:Environments:{e}:";
            settings[prefix + "Name"] = env.Name;
            settings[prefix + "Protected"] = env.Protected.ToString();
            settings[prefix + "HostedZoneId"] = env.HostedZoneId;
            settings[prefix + "RecordName"] = env.RecordName;
            settings[prefix + "TableName"] = env.TableName;
            foreach (var (region, r) in env.Regions.Select((region, r) => (region, r)))
            {
                settings[prefix + $"Regions:{r}:Region"] = region.Region;
                settings[prefix + $"Regions:{r}:ServiceArn"] = region.ServiceArn;
                settings[prefix + $"Regions:{r}:EcrRepository"] = region.EcrRepository;
                settings[prefix + $"Regions:{r}:HealthCheckId"] = region.HealthCheckId;
                settings[prefix + $"Regions:{r}:SetIdentifier"] = region.SetIdentifier;
            }
        }
        return settings;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
