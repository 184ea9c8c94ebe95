namespace Portal.LocalCloud;

/// <summary>A piece of LocalCloud that runs by itself once the endpoints are bound (checkers, traffic, samplers).</summary>
public interface ISimulation
{
    void Start(SimTasks tasks);
}
