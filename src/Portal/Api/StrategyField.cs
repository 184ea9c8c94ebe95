using Portal.Core.Operations;

namespace Portal.Api;

/// <summary>The deployment's "strategy" field: "rolling" (the default) or "canary"; anything else is a field error.</summary>
public static class StrategyField
{
    public const string Name = "strategy";

    public static DeploymentStrategy? Read(ActionRequestReader body)
    {
        var text = body.String(Name);
        switch (text)
        {
            case null: return null;
            case "rolling": return DeploymentStrategy.Rolling;
            case "canary": return DeploymentStrategy.Canary;
            default:
                body.Merge(new Dictionary<string, string[]>
                {
                    [Name] = [$"{Portal.Core.Text.UntrustedText.Quote(text)} is not a strategy: use \"rolling\" (region by region) or \"canary\" (the first " +
                        $"region takes a canary share, judged by statistics, before the rest)."],
                });
                return null;
        }
    }
}
