namespace Portal.LocalCloud.World;

/// <summary>An IAM role STS lets callers assume: with an external id when its trust policy demands one, for at most its maximum session.</summary>
public sealed record IamRole(string Arn, string? ExternalId, TimeSpan MaxSessionDuration);
