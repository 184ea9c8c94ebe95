using Portal.Core.Topology;

namespace Portal.Core.Status;

/// <summary>One environment's snapshot: every region side by side, captured at one moment.</summary>
public sealed record EnvironmentStatus(EnvironmentTopology Topology, DateTimeOffset CapturedAt, IReadOnlyList<RegionStatus> Regions)
{
    public string Name => Topology.Name;
}
