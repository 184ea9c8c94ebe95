namespace Portal.Tests.Jobs;

/// <summary>A fresh portal and LocalCloud for every test: jobs change the simulated world, so tests must not share one.</summary>
public abstract class PortalPerTest : IAsyncLifetime
{
    private protected PortalApplication App { get; } = new();

    private protected JobsClient Jobs { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        Jobs = new JobsClient(App);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
