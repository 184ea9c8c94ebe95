using Portal.LocalCloud;

namespace Portal.Tests.Jobs;

/// <summary>What LocalCloud's App Runner saw, counted from its world: the truth about how often a region was touched.</summary>
internal static class CloudCounts
{
    /// <summary>UpdateService operations so far per region of <paramref name="environment"/> (the seeded history included).</summary>
    public static Dictionary<string, int> Updates(LocalCloudHost cloud, string environment) => Operations(cloud, environment, "UPDATE_SERVICE");

    /// <summary>App Runner operations of <paramref name="type"/> (e.g. PAUSE_SERVICE) so far per region of <paramref name="environment"/>.</summary>
    public static Dictionary<string, int> Operations(LocalCloudHost cloud, string environment, string type)
    {
        lock (cloud.World.Gate)
            return cloud.World.Services.Where(s => s.Environment == environment)
                .ToDictionary(s => s.Region, s => s.Operations.Count(o => o.Type == type));
    }
}
