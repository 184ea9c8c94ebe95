using System.Text.Json.Nodes;

namespace Portal.Core.Services;

/// <summary>
/// An accepted image update: what the runtime started (when the answer names it: an App Runner operation, an ECS
/// service revision), in <paramref name="Started"/>'s words, and what it kept.
/// </summary>
public sealed record ImageUpdate(string? OperationId, KeptConfiguration Kept, string Started = "App Runner operation")
{
    /// <summary>"App Runner operation 1a2b…", or how the update is followed when the answer named none.</summary>
    public string OperationText => OperationId is null
        ? "the answer named no operation, so the service is followed through its status"
        : $"{Started} {OperationId}";
}

/// <summary>
/// The source configuration an image update sent back unchanged, as an operator reads it. Names and counts only:
/// variable values, secret ARNs and the start command may be sensitive, so they are never recorded.
/// </summary>
public sealed record KeptConfiguration(
    string? Port,
    IReadOnlyList<string> VariableNames,
    IReadOnlyList<string> SecretNames,
    bool StartCommand,
    bool AccessRole,
    bool? AutoDeploymentsEnabled)
{
    /// <summary>"kept: port 3000, 4 variables, 1 secret, start command, access role, auto deployments off".</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string> { Port is null ? "the runtime's default port" : $"port {Port}" };
            parts.Add(Count(VariableNames.Count, "variable"));
            parts.Add(Count(SecretNames.Count, "secret"));
            if (StartCommand) parts.Add("start command");
            if (AccessRole) parts.Add("access role");
            if (AutoDeploymentsEnabled is { } auto) parts.Add(auto ? "auto deployments on" : "auto deployments off");
            return "kept: " + string.Join(", ", parts);
        }
    }

    public JsonObject ToJson() => new()
    {
        ["port"] = Port,
        ["variables"] = new JsonArray([.. VariableNames.Select(n => (JsonNode)n)]),
        ["secrets"] = new JsonArray([.. SecretNames.Select(n => (JsonNode)n)]),
        ["startCommand"] = StartCommand,
        ["accessRole"] = AccessRole,
        ["autoDeploymentsEnabled"] = AutoDeploymentsEnabled,
    };

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
