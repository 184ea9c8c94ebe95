namespace Portal.LocalCloud.CloudWatch;

public sealed class AppRunnerMetricsSampler : ISimulation
{
    public void Start(SimTasks tasks) { }
}
