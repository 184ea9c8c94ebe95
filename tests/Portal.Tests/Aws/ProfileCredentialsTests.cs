using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;
using Portal.Tests.Cluster;

namespace Portal.Tests.Aws;

/// <summary>
/// The portal in AWS mode, in its own process, with credentials from an AWS config file as a real deployment has them:
/// an assume-role profile (role_arn + source_profile) and a credential_process profile, both against LocalCloud.
/// LocalCloud records which key signed each call, so the test sees that every call used the profile's credentials.
/// </summary>
public sealed class ProfileCredentialsTests : IAsyncLifetime
{
    private PortalCluster _cluster = null!;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "portal-tests-profiles", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _cluster = await PortalCluster.StartAsync();
        Directory.CreateDirectory(_directory);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string ConfigFile(string text)
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, text);
        return path;
    }

    // The keys the cluster's settings give a portal process are removed: only the profile may supply credentials.
    private Dictionary<string, string?> ProfileEnvironment(string configFile, string profile) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = profile,
        ["AWS_CONFIG_FILE"] = configFile,
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_directory, "no-credentials-file"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>Waits until the portal has read every service LocalCloud serves it, then returns who signed what.</summary>
    private async Task<IReadOnlyDictionary<string, long>> SignersOnceTheDashboardReadsAsync(PortalProcess portal)
    {
        var counter = _cluster.Cloud.Services.GetRequiredService<ApiCallCounter>();
        var services = new[] { "apprunner", "route53", "monitoring", "dynamodb" };
        var read = await Eventually.Async(() => Task.FromResult(services.All(s => counter.Signers()
            .Keys.Any(k => k.StartsWith(s + " ", StringComparison.Ordinal)))));
        Assert.True(read, $"the portal did not read every service: {JsonSerializer.Serialize(counter.Signers())}\n{portal.Output}");
        return counter.Signers();
    }

    [Fact]
    public async Task An_assume_role_profile_signs_every_call_with_the_assumed_role()
    {
        var config = ConfigFile($"""
            [profile base]
            aws_access_key_id = test
            aws_secret_access_key = test

            [profile operator]
            role_arn = {Seeder.OperatorRoleArn("000000000000")}
            source_profile = base
            role_session_name = portal
            region = us-east-1
            """);

        await using var portal = await PortalProcess.StartAsync(_cluster, "profile-assume-role", ProfileEnvironment(config, "operator"));
        var signers = await SignersOnceTheDashboardReadsAsync(portal);

        // The source profile's long-term key signs only the AssumeRole call; everything else uses the role's ASIA key.
        Assert.Contains(signers.Keys, k => k == "sts test");
        Assert.All(signers.Keys.Where(k => !k.StartsWith("sts ", StringComparison.Ordinal)), k => Assert.Contains(" ASIA", k));
    }

    [Fact]
    public async Task A_credential_process_profile_signs_every_call_with_what_the_process_prints()
    {
        var issued = _cluster.Cloud.Services.GetRequiredService<SessionCredentials>()
            .Issue(Seeder.OperatorRoleArn("000000000000"), "credential-process", TimeSpan.FromHours(1));
        var script = Path.Combine(_directory, "credentials.sh");
        var json = JsonSerializer.Serialize(new
        {
            Version = 1,
            issued.AccessKeyId,
            issued.SecretAccessKey,
            issued.SessionToken,
            Expiration = issued.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        });
        File.WriteAllText(script, $"#!/bin/sh\ncat <<'JSON'\n{json}\nJSON\n");
        var config = ConfigFile($"""
            [profile from-process]
            credential_process = /bin/sh {script}
            region = us-east-1
            """);

        await using var portal = await PortalProcess.StartAsync(_cluster, "profile-credential-process", ProfileEnvironment(config, "from-process"));
        var signers = await SignersOnceTheDashboardReadsAsync(portal);

        Assert.All(signers.Keys, k => Assert.EndsWith(" " + issued.AccessKeyId, k));
    }
}
