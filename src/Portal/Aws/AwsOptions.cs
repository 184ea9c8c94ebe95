namespace Portal.Aws;

/// <summary>Settings of the AWS adapters (section "Aws"); credentials never live here, they come from the SDK's default chain.</summary>
public sealed class AwsOptions
{
    public const string Section = "Aws";

    public AwsEndpointOptions Endpoints { get; set; } = new();

    public AwsResilienceOptions Resilience { get; set; } = new();

    public IEnumerable<string> Problems()
    {
        var problems = new List<string>();
        CheckUrl("Default", Endpoints.Default);
        foreach (var service in AwsService.All) CheckUrl(service.EndpointConfigKey, Endpoints.For(service));

        var r = Resilience;
        if (r.MaxRetries is < 0 or > 20) problems.Add($"Aws:Resilience:MaxRetries must be 0-20 (got {r.MaxRetries}).");
        if (r.BaseDelay < TimeSpan.Zero || r.BaseDelay > TimeSpan.FromSeconds(30)) problems.Add($"Aws:Resilience:BaseDelay must be 0-30 s (got " +
            $"{r.BaseDelay}).");
        if (r.MaxDelay < r.BaseDelay) problems.Add($"Aws:Resilience:MaxDelay must be at least BaseDelay (got {r.MaxDelay}).");
        if (r.AttemptTimeout <= TimeSpan.Zero) problems.Add($"Aws:Resilience:AttemptTimeout must be positive (got {r.AttemptTimeout}).");
        if (r.TotalTimeout < r.AttemptTimeout) problems.Add($"Aws:Resilience:TotalTimeout must be at least AttemptTimeout (got {r.TotalTimeout}).");
        return problems;

        void CheckUrl(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value) && !AwsEndpointResolver.IsEndpointUrl(value))
                problems.Add($"Aws:Endpoints:{key} must be an absolute http or https URL (got '{value}').");
        }
    }
}

/// <summary>Endpoint overrides as in the AWS SDKs' shared config: one for every service, or one per service.</summary>
public sealed class AwsEndpointOptions
{
    public string? Default { get; set; }
    public string? AppRunner { get; set; }
    public string? Ecr { get; set; }
    public string? Route53 { get; set; }
    public string? CloudWatch { get; set; }
    public string? DynamoDB { get; set; }
    public string? Sts { get; set; }

    public string? For(AwsService service) => service.EndpointConfigKey switch
    {
        "AppRunner" => AppRunner,
        "Ecr" => Ecr,
        "Route53" => Route53,
        "CloudWatch" => CloudWatch,
        "DynamoDB" => DynamoDB,
        "Sts" => Sts,
        _ => null,
    };
}

public sealed class AwsResilienceOptions
{
    /// <summary>Retries after the first attempt, on throttling, 5xx, timeouts and connection failures.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff; each retry doubles it, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts and backoffs of one call together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
