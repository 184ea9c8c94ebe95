namespace Portal.LocalCloud.Route53;

public sealed class HealthCheckers : ISimulation
{
    public void Start(SimTasks tasks) { }
}
