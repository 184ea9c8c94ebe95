namespace Portal.LocalCloud.CloudWatch;

public sealed class ReplicationLatencySimulator : ISimulation
{
    public void Start(SimTasks tasks) { }
}
