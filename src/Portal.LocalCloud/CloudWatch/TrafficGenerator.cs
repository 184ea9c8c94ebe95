namespace Portal.LocalCloud.CloudWatch;

public sealed class TrafficGenerator : ISimulation
{
    public void Start(SimTasks tasks) { }
}
