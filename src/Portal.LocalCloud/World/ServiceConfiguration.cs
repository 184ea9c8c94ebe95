namespace Portal.LocalCloud.World;

/// <summary>
/// SourceConfiguration.ImageRepository.ImageConfiguration. The defaults are App Runner's for a member left out
/// (API reference, ImageConfiguration): port 8080, no variables, no secrets, the image's own start command.
/// </summary>
public sealed record ImageConfiguration(
    string Port,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyDictionary<string, string> Secrets,
    string? StartCommand)
{
    public static readonly ImageConfiguration Default = new("8080", new Dictionary<string, string>(), new Dictionary<string, string>(), null);
}

/// <summary>The image source besides ImageIdentifier: repository type, image configuration, auto deployments, access role.</summary>
public sealed record ImageSource(string RepositoryType, ImageConfiguration Image, bool AutoDeploymentsEnabled, string? AccessRoleArn);

/// <summary>InstanceConfiguration; defaults 1 vCPU, 2 GB, no instance role (API reference, InstanceConfiguration).</summary>
public sealed record InstanceSettings(string Cpu, string Memory, string? InstanceRoleArn)
{
    public static readonly InstanceSettings Default = new("1024", "2048", null);
}

/// <summary>HealthCheckConfiguration; defaults TCP, "/", 5 s, 2 s, 1, 5 (API reference, HealthCheckConfiguration).</summary>
public sealed record HealthCheckSettings(string Protocol, string Path, int Interval, int Timeout, int HealthyThreshold, int UnhealthyThreshold)
{
    public static readonly HealthCheckSettings Default = new("TCP", "/", 5, 2, 1, 5);
}

/// <summary>NetworkConfiguration; defaults public egress, publicly accessible, IPv4 (API reference, NetworkConfiguration).</summary>
public sealed record NetworkSettings(string EgressType, string? VpcConnectorArn, bool IsPubliclyAccessible, string IpAddressType)
{
    public static readonly NetworkSettings Default = new("DEFAULT", null, true, "IPV4");
}

/// <summary>
/// What the application inside the image needs, as a real one would: the port it listens on, and the runtime
/// variables and secrets it reads at start. Without them its health route fails, so a wiped configuration shows
/// in App Runner's, Route 53's and the portal's checks alike.
/// </summary>
public sealed record AppRequirements(string Port, IReadOnlyList<string> Variables, IReadOnlyList<string> Secrets)
{
    /// <summary>Why the app cannot serve under <paramref name="configuration"/>, or null when it can.</summary>
    public string? ProblemWith(ImageConfiguration configuration)
    {
        if (configuration.Port != Port)
            return $"the application listens on port {Port} but App Runner routes to port {configuration.Port}";
        var missing = Variables.Where(v => !configuration.Variables.ContainsKey(v))
            .Concat(Secrets.Where(s => !configuration.Secrets.ContainsKey(s))).ToList();
        return missing.Count == 0 ? null : $"required environment {(missing.Count == 1 ? "variable" : "variables")} {string.Join(", ", missing)} not set";
    }
}

/// <summary>What one UpdateService asked for: each included structure replaces the current one; null means left out (unchanged).</summary>
public sealed record ServiceUpdate(
    string? ImageIdentifier,
    ImageSource? Source,
    InstanceSettings? Instance,
    HealthCheckSettings? HealthCheck,
    NetworkSettings? Network)
{
    public static ServiceUpdate Redeploy(string imageIdentifier) => new(imageIdentifier, null, null, null, null);

    public void ApplyTo(AppRunnerService service)
    {
        if (ImageIdentifier is not null) service.ImageIdentifier = ImageIdentifier;
        if (Source is not null) service.Source = Source;
        if (Instance is not null) service.Instance = Instance;
        if (HealthCheck is not null) service.HealthCheck = HealthCheck;
        if (Network is not null) service.Network = Network;
    }
}
