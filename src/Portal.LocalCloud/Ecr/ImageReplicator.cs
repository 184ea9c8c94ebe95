using Portal.LocalCloud.Faults;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Ecr;

/// <summary>
/// ECR cross-region replication: an image pushed to the first region appears in each other region after
/// the replication delay; while a destination region is down, replication waits for it to come back.
/// </summary>
public sealed class ImageReplicator(CloudWorld world, SimClock clock, SimTasks tasks, FaultState faults)
{
    /// <summary>ECR replication usually completes within tens of seconds; scaled like every other delay.</summary>
    public static readonly TimeSpan ReplicationDelay = TimeSpan.FromSeconds(30);

    /// <param name="replicate">False pushes to the first region only, as when a replication rule's filter leaves the tag out.</param>
    public object Push(string repository, string tag, bool replicate = true)
    {
        var source = world.Regions[0];
        var image = new EcrImage(tag, Seeder.DigestOf(tag), clock.Now, 48_000_000 + tag.Length * 1_000_000);
        lock (world.Gate) world.Repositories.Single(r => r.Region == source && r.Name == repository).ImagesByTag[tag] = image;

        foreach (var destination in world.Regions.Skip(1).Where(_ => replicate))
            tasks.Run($"replicate {repository}:{tag} to {destination}", async ct =>
            {
                await clock.Delay(ReplicationDelay, ct);
                while (faults.IsRegionDown(destination)) await clock.Delay(ReplicationDelay, ct);
                lock (world.Gate)
                    world.Repositories.Single(r => r.Region == destination && r.Name == repository).ImagesByTag[tag] = image with { PushedAt = clock.Now };
            });
        return new { repository, tag, pushedTo = source, digest = image.Digest, replicatesTo = replicate ? world.Regions.Skip(1) : [],
            afterMs = clock.Scaled(ReplicationDelay).TotalMilliseconds };
    }
}
