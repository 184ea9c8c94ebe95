namespace Portal.LocalCloud.World;

/// <summary>
/// Which environments LocalCloud seeds: the demo's `production` (protected) and `staging` of the application
/// "webapp" first, then a platform team's fleet, eight applications in up to five stages each (checkout-production,
/// search-production, ..., checkout-staging, ...), numbered from the second round on. Only the production stage is
/// protected. Names are stable, so the same option gives the same world.
/// </summary>
public static class FleetPlan
{
    public const string DemoApplication = "webapp";
    public const int MinEnvironments = 2;
    public const int MaxEnvironments = 200;

    private static readonly string[] Applications = ["checkout", "search", "catalog", "payments", "accounts", "orders", "inventory", "shipping"];
    private static readonly string[] Stages = ["production", "staging", "qa", "perf", "dev"];

    public static IEnumerable<(string Name, string Application, bool Protected, string RecordName, int MaxSize)> Environments(int count)
    {
        yield return ("production", DemoApplication, true, "app.example.com.", 25);
        yield return ("staging", DemoApplication, false, "staging.example.com.", 2);
        for (var k = 0; k < count - MinEnvironments; k++)
        {
            var application = Applications[k % Applications.Length];
            var stage = Stages[k / Applications.Length % Stages.Length];
            var round = k / (Applications.Length * Stages.Length);
            var name = round == 0 ? $"{application}-{stage}" : $"{application}-{stage}-{round + 1}";
            yield return (name, application, stage == "production", $"{name}.example.com.", stage == "production" ? 10 : 2);
        }
    }
}
