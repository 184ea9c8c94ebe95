using Portal.Core.Status;
using Portal.Topology;

namespace Portal.Status;

public static class StatusBoardExtensions
{
    /// <summary>
    /// The environment as the board last saw it; before the collector's first snapshot a configured environment is
    /// shown with its regions "not read yet", not as unknown. Null only for a name the topology does not have.
    /// </summary>
    public static EnvironmentStatus? Snapshot(this StatusBoard board, TopologySource topology, string name, DateTimeOffset now)
    {
        var env = topology.Current.Find(name);
        return board.Find(name) ?? (env is null ? null : new EnvironmentStatus(env, now, [.. env.Regions.Select(RegionStatus.Unobserved)]));
    }
}
